"""The public form without an account (a reference number at once, bad input answered in Chinese, limits per
phone and per address) and the look-up by number and phone."""

import re

from sqlalchemy import select

from tests.fixtures.web import Browser
from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint, ComplaintEvent
from xiaoneng.notifications.models import Notification


def _citizen(app) -> Browser:
    browser = Browser(app, base_url="http://testserver")
    browser.__enter__()
    return browser


def test_submit_then_look_up(db, hall, app):
    citizen = _citizen(app)
    code = hall["center"].code
    form = citizen.page(f"/complain/{code}")
    assert form.status_code == 200 and "网上投诉" in form.text and "区不动产登记中心" in form.text
    bad = citizen.submit(f"/complain/{code}", {"kind": "complaint", "content": "窗口态度差", "complainant_phone": ""})
    assert bad.status_code == 422 and "请填写联系电话" in bad.text
    assert db.scalar(select(Complaint)) is None
    sent = citizen.submit(f"/complain/{code}", {"kind": "complaint", "complainant_phone": "13600136000",
                                                "content": "在不动产登记中心办二手房过户，窗口说材料不齐却不一次性告知，来回跑了三趟"})
    assert sent.status_code == 303
    done = citizen.page(sent.headers["location"])
    number = re.search(r'id="number">(TS\d{12})<', done.text).group(1)
    c = db.scalar(select(Complaint).where(Complaint.number == number))
    assert c.channel == rules.Channel.ONLINE and c.registered_by_id is None
    assert c.topic == "一次性告知" and c.suggested_department_id == hall["land"].id
    first = db.scalar(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id))
    assert first.kind == "public" and first.actor_name == "诉求人（网上提交）"
    assert db.scalar(select(Notification).where(Notification.recipient_id == hall["supervisor"].id,
                                                Notification.link == f"/complaints/{c.id}")) is not None
    wrong = citizen.submit("/complaint", {"number": number, "phone": "13600136001"})
    assert wrong.status_code == 404 and "投诉编号或联系电话不正确" in wrong.text and "来回跑" not in wrong.text
    found = citizen.submit("/complaint", {"number": number.lower(), "phone": "136 0013 6000"})
    assert found.status_code == 200 and "当前状态：<b>待分派</b>" in found.text and "提交" in found.text
    citizen.__exit__(None, None, None)


def test_unknown_center_and_the_limit_per_phone(db, hall, app):
    citizen = _citizen(app)
    assert citizen.page("/complain/NOPE").status_code == 404
    code = hall["center"].code
    citizen.page(f"/complain/{code}")
    for n in range(5):
        answer = citizen.submit(f"/complain/{code}", {"kind": "suggest", "complainant_phone": "13500135000",
                                                      "content": f"建议增加自助打印机第{n}台，排队等候太久"})
        assert answer.status_code == 303
    sixth = citizen.submit(f"/complain/{code}", {"kind": "suggest", "complainant_phone": "13500135000",
                                                 "content": "再提一条建议"})
    assert sixth.status_code == 429 and "每天最多提交 5 件" in sixth.text
    citizen.__exit__(None, None, None)


def test_the_form_needs_its_token(db, hall, app):
    citizen = _citizen(app)
    citizen.page(f"/complain/{hall['center'].code}")
    citizen.csrf = "forged"
    answer = citizen.submit(f"/complain/{hall['center'].code}", {"kind": "complaint", "content": "x",
                                                                 "complainant_phone": "13600136000"})
    assert answer.status_code == 403 and db.scalar(select(Complaint)) is None
    citizen.__exit__(None, None, None)
