"""The cases list exported as XLSX: every matching case in the actor's scope, labels and names, local times,
the applicant masked without personal.read, the page's filters followed, the export audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.disclosure.data import make_case_row, make_hall
from tests.fixtures.sheets import read_xlsx
from xiaoneng.audit.models import AuditRecord

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def hall(db, clock):
    hall = make_hall(db)
    for n in range(24):
        make_case_row(db, item=hall.item_b, window=hall.window_b, handler=hall.clerk_b, received_on=DAY,
                      completed_on=DAY if n % 2 else None, number=f"BJ2026B{n:03d}", applicant_name=f"申请人{n}")
    make_case_row(db, item=hall.item_a, window=hall.window_a, handler=hall.clerk_a, received_on=DAY,
                  number="BJ2026A001", applicant_name="=王建国", applicant_phone="13912345678",
                  applicant_type="organisation", overdue=True, due_on=DAY + dt.timedelta(days=5))
    other = make_hall(db)
    make_case_row(db, item=other.item_a, received_on=DAY, number="OTHER001")
    return hall


def _a(book):
    return next(r for r in book.rows if r["办件编号"] == "BJ2026A001")


def test_every_case_with_labels_names_and_local_times(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get("/cases/export.xlsx"))
    assert book.sheet_name == "办件" and book.title.startswith("办件列表（全部办件）导出于 2026-11-18 10:00")
    assert len(book.rows) == 25 and "OTHER001" not in book.column("办件编号")
    row = _a(book)
    assert {k: row[k] for k in ("事项", "科室", "窗口", "经办人", "来源", "申请人类型", "申请人", "联系电话", "收件时间",
                                "承诺时限（工作日）", "办结期限", "状态", "超期")} == {
        "事项": "不动产抵押登记", "科室": "不动产登记科", "窗口": "不动产1号窗口", "经办人": "李秀英", "来源": "窗口办理",
        "申请人类型": "法人", "申请人": "'=王建国", "联系电话": "13912345678", "收件时间": dt.datetime(2026, 11, 2, 9, 0),
        "承诺时限（工作日）": 5, "办结期限": dt.datetime(2026, 11, 7), "状态": "已受理", "超期": "是"}
    assert all(c.data_type != "f" for c in book.cells[book.rows.index(row)])
    completed = next(r for r in book.rows if r["办件编号"] == "BJ2026B001")
    assert (completed["状态"], completed["办结时间"]) == ("已办结", dt.datetime(2026, 11, 2, 16, 0))


def test_a_person_is_masked_without_personal_read_and_an_organisation_is_not(hall, sign_in):
    book = read_xlsx(sign_in(hall.director).get("/cases/export.xlsx"))
    organisation, person = _a(book), next(r for r in book.rows if r["办件编号"] == "BJ2026B000")
    assert (organisation["申请人"], organisation["联系电话"]) == ("'=王建国", "139****5678")  # a company's name is public
    assert (person["申请人类型"], person["申请人"]) == ("自然人", "申***")


def test_department_roles_export_their_department_only(hall, sign_in):
    assert read_xlsx(sign_in(hall.head_a).get("/cases/export.xlsx")).column("办件编号") == ["BJ2026A001"]


def test_the_page_link_carries_its_filters_and_the_export_follows_them(db, hall, sign_in):
    browser = sign_in(hall.supervisor)
    page = browser.page("/cases?status=completed&q=BJ2026B&page=1")
    link = re.search(r'href="([^"]+)" id="export"', page.text).group(1).replace("&amp;", "&")
    assert link == "/cases/export.xlsx?q=BJ2026B&status=completed"
    book = read_xlsx(browser.get(link))
    assert len(book.rows) == 12 and set(book.column("状态")) == {"已办结"}
    assert "搜索：BJ2026B；状态：已办结" in book.title
    assert read_xlsx(browser.get("/cases/export.xlsx?overdue=1")).column("办件编号") == ["BJ2026A001"]
    records = db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx").order_by(AuditRecord.id)).all()
    assert [(r.entity, r.detail) for r in records] == [
        ("cases", '{"filters":{"q":"BJ2026B","status":"completed"},"rows":12}'),
        ("cases", '{"filters":{"overdue":"1"},"rows":1}')]


def test_the_list_and_its_export_filter_due_soon_cases_and_one_department(db, hall, sign_in):
    make_case_row(db, item=hall.item_a, window=hall.window_a, received_on=DAY, number="BJ2026A002",
                  due_on=dt.date(2026, 11, 19), deadline_state="due_soon")
    browser = sign_in(hall.supervisor)
    page = browser.page("/cases?due_soon=1")
    assert "BJ2026A002" in page.text and "BJ2026A001" not in page.text and "即将到期" in page.text
    book = read_xlsx(browser.get("/cases/export.xlsx?due_soon=1"))
    assert book.column("办件编号") == ["BJ2026A002"] and book.rows[0]["即将到期"] == "是"
    assert "仅即将到期" in book.title
    page = browser.page(f"/cases?department_id={hall.dept_a.id}")
    assert "BJ2026A001" in page.text and "BJ2026B000" not in page.text and hall.dept_b.name in page.text  # the select
