"""The complaint pages through the test client: the list with its filters and export, registering, the detail page
with the actions of each role, the settings and the director's summary; out-of-scope complaints read as missing."""

import re

from sqlalchemy import select

from tests.complaints.conftest import register
from tests.fixtures.sheets import read_xlsx
from xiaoneng.complaints import rules, service
from xiaoneng.complaints.models import Complaint


def test_register_assign_sign_answer_callback_through_the_pages(db, hall, sign_in):
    supervisor = sign_in(hall["supervisor"])
    page = supervisor.page("/complaints/new")
    assert page.status_code == 200 and "登记投诉" in page.text
    bad = supervisor.submit("/complaints/new", {"channel": "mailbox", "kind": "complaint", "content": ""})
    assert bad.status_code == 422 and "诉求内容不能为空" in bad.text
    answer = supervisor.submit("/complaints/new", {
        "channel": "mailbox", "kind": "complaint", "complainant_name": "刘女士", "complainant_phone": "13700137000",
        "content": "意见箱来信：不动产登记中心B05窗口张伟办理二手房过户时态度生硬", "received_at": "2026-11-17T16:30"})
    assert answer.status_code == 303
    c = db.scalar(select(Complaint).where(Complaint.complainant_phone == "13700137000"))
    detail = supervisor.page(f"/complaints/{c.id}")
    assert "意见箱" in detail.text and "待分派" in detail.text and "区不动产登记中心" in detail.text
    assert supervisor.submit(f"/complaints/{c.id}/assign", {"department_id": str(hall["land"].id)}).status_code == 303
    head = sign_in(hall["head"])
    assert "签收" in head.page(f"/complaints/{c.id}").text
    head.submit(f"/complaints/{c.id}/sign")
    head.submit(f"/complaints/{c.id}/note", {"text": "调阅录像属实，已对张伟批评教育"})
    head.submit(f"/complaints/{c.id}/answer", {"method": "phone", "answer": "已电话致歉并说明办理要求"})
    db.refresh(c)
    assert c.status == rules.Status.ANSWERED
    refused = supervisor.submit(f"/complaints/{c.id}/callback", {"result": "unsatisfied"})
    assert refused.status_code == 303
    flash = supervisor.page(f"/complaints/{c.id}").text
    assert "回访记录不能为空" in flash
    supervisor.submit(f"/complaints/{c.id}/callback", {"result": "satisfied", "note": "满意"})
    db.refresh(c)
    assert c.status == rules.Status.CLOSED
    trail = supervisor.page(f"/complaints/{c.id}").text
    for step in ("登记", "分派", "签收", "调查记录", "答复诉求人", "回访", "办结"):
        assert f"<td>{step}</td>" in trail


def test_list_filters_scope_and_export(db, hall, sign_in):
    mine = register(db, hall)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=mine.id, department_id=hall["land"].id)
    other = register(db, hall, content="食品经营许可证核发超期一直没有结果", complainant_phone="13900139000",
                     kind="consult")
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=other.id, department_id=hall["market"].id)
    head = sign_in(hall["head"])
    listed = head.page("/complaints").text
    assert mine.number in listed and other.number not in listed
    assert head.page(f"/complaints/{other.id}").status_code == 404
    supervisor = sign_in(hall["supervisor"])
    assert other.number in supervisor.page("/complaints?kind=consult").text
    assert mine.number not in supervisor.page("/complaints?kind=consult").text
    assert supervisor.page("/complaints?kind=nonsense").status_code == 422
    book = read_xlsx(supervisor.get("/complaints/export.xlsx?kind=consult"))
    assert book.column("投诉编号") == [other.number] and book.column("诉求类型") == ["咨询"]
    assert book.column("联系电话") == ["13900139000"]
    director = sign_in(hall["director"])
    summary = director.page("/complaints/summary?start=2026-11-01&end=2026-11-30").text
    assert re.search(r'id="total">2<', summary) and "区市场监督管理局" in summary
    assert director.page(f"/complaints/{mine.id}").status_code == 200
    assert f'action="/complaints/{mine.id}/assign"' not in director.page(f"/complaints/{mine.id}").text


def test_settings_page(db, hall, sign_in):
    admin = sign_in(hall["admin"])
    page = admin.page("/complaints/settings")
    assert "投诉办理时限" in page.text and 'value="13"' in page.text
    values = {"consult_days": "3", "help_days": "3", "complaint_days": "abc", "report_days": "13",
              "suggest_days": "13", "sign_days": "1", "duplicate_days": "30"}
    bad = admin.submit("/complaints/settings", values)
    assert bad.status_code == 422 and "投诉办理时限须为 1 至 60 之间的整数" in bad.text
    assert admin.submit("/complaints/settings", {**values, "complaint_days": "10"}).status_code == 303
    assert 'value="10"' in admin.page("/complaints/settings").text
    assert sign_in(hall["head"]).page("/complaints/settings").status_code == 403
