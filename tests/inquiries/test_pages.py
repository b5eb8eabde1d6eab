"""The 首问登记 pages: logging an inquiry, refused in Chinese naming the field; the list filtered, sorted and
exported; a referral signed for and answered; the public look-up by number and phone."""

import datetime as dt
import re

from sqlalchemy import select

from tests.fixtures.sheets import read_xlsx
from tests.inquiries.conftest import refer
from xiaoneng.inquiries.models import Inquiry, Referral

NEW = {"channel": "phone", "asker_name": "陈先生", "asker_phone": "13800138000", "content": "二手房过户要带什么？",
       "outcome": "referred", "to_department_id": "", "to_staff_id": ""}


def test_logging_a_referral_from_the_page(db, hall, sign_in):
    browser = sign_in(hall["clerk"])
    assert "首问负责" in browser.page("/inquiries/new").text
    refused = browser.submit("/inquiries/new", NEW)
    assert refused.status_code == 422 and "请选择转办的责任科室" in refused.text
    assert 'value="13800138000"' in refused.text  # what was typed is kept
    answer = browser.submit("/inquiries/new", {**NEW, "to_department_id": str(hall["land"].id)})
    assert answer.status_code == 303
    inquiry = db.scalars(select(Inquiry)).one()
    page = browser.page(answer.headers["location"])
    assert f"已登记，咨询编号 {inquiry.number}" in page.text and "不动产登记科" in page.text
    assert "待签收" in page.text and "2026-11-19" in page.text


def test_the_department_signs_for_and_answers(db, hall, sign_in):
    inquiry = refer(db, hall)
    [referral] = db.scalars(select(Referral)).all()
    browser = sign_in(hall["a"])
    page = browser.page(f"/inquiries/{inquiry.id}")
    assert "签收" in page.text
    browser.submit(f"/inquiries/{inquiry.id}/referrals/{referral.id}", {"action": "acknowledge"})
    browser.submit(f"/inquiries/{inquiry.id}/referrals/{referral.id}", {"action": "answer", "answer": "带权证和身份证"})
    page = browser.page(f"/inquiries/{inquiry.id}")
    assert "已答复" in page.text and "带权证和身份证" in page.text
    assert sign_in(hall["other"]).page(f"/inquiries/{inquiry.id}").status_code == 200  # asked in their department


def test_the_log_filters_sorts_and_exports_what_it_shows(db, hall, sign_in):
    first = refer(db, hall, content="公积金提取")
    second = refer(db, hall, outcome="answered", answer="17:00 下班", content="几点下班")
    browser = sign_in(hall["senior"])
    page = browser.page("/inquiries?outcome=referred")
    assert first.number in page.text and second.number not in page.text
    ordered = browser.page("/inquiries?sort=number&order=asc").text
    assert ordered.index(first.number) < ordered.index(second.number)
    assert browser.page("/inquiries?q=下班").text.count("/inquiries/") >= 1
    link = re.search(r'href="(/inquiries/export\.xlsx[^"]*)"', page.text).group(1).replace("&amp;", "&")
    book = read_xlsx(browser.get(link))
    assert book.column("咨询编号") == [first.number]
    assert book.column("处理结果") == ["转办"] and book.column("转办科室") == ["不动产登记科"]


def test_public_lookup_needs_number_and_phone(db, hall, client):
    inquiry = refer(db, hall)
    client.page("/inquiry")
    wrong = client.post("/inquiry", data={"number": inquiry.number, "phone": "13900000000"})
    assert wrong.status_code == 404 and "咨询编号或联系电话不正确" in wrong.text
    right = client.post("/inquiry", data={"number": inquiry.number, "phone": "13800138000"})
    assert right.status_code == 200 and "办理进度：待签收" in right.text and "二手房过户" in right.text


def test_the_admin_sets_the_referral_deadlines(db, hall, sign_in):
    from tests.fixtures.objects import make_staff
    from xiaoneng.auth.rules import Role
    from xiaoneng.org.models import Center

    admin = make_staff(db, role=Role.ADMIN, center=db.get(Center, hall["land"].center_id))
    browser = sign_in(admin)
    assert 'value="1"' in browser.page("/inquiries/settings").text
    refused = browser.submit("/inquiries/settings", {"ack_days": "3", "answer_days": "2"})
    assert refused.status_code == 422 and "答复时限不能短于签收时限" in refused.text
    assert browser.submit("/inquiries/settings", {"ack_days": "2", "answer_days": "5"}).status_code == 303
    inquiry = refer(db, hall)  # referred Wednesday 2026-11-18
    [referral] = db.scalars(select(Referral)).all()
    assert (referral.acknowledge_by, referral.answer_by) == (dt.date(2026, 11, 20), dt.date(2026, 11, 25))
    assert inquiry.id and sign_in(hall["clerk"]).page("/inquiries/settings").status_code == 403
