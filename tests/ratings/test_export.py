"""The ratings list exported as XLSX: every matching row in the actor's scope, labels and names, local times,
contacts masked without personal.read, formulas neutralised, the export audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.disclosure.data import make_hall, make_rating_row
from tests.fixtures.sheets import read_xlsx
from xiaoneng.audit.models import AuditRecord

DAY = dt.date(2026, 3, 10)


@pytest.fixture
def hall(db):
    hall = make_hall(db)
    for n in range(25):  # more than a page of the list (20)
        make_rating_row(db, department=hall.dept_b, level=5, rated_on=DAY + dt.timedelta(days=n % 5), item=hall.item_b,
                        window=hall.window_b, staff=hall.clerk_b, channel="qr_code", comment=f"很好{n}")
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a, window=hall.window_a,
                    staff=hall.clerk_a, channel="window_device", real_name=True, rater_name="张伟",
                    rater_phone="13912345678", comment="=HYPERLINK(\"http://evil.example\",\"点此\")")
    make_rating_row(db, department=hall.dept_a, level=4, rated_on=DAY, item=hall.item_a, is_default=True)
    other = make_hall(db)
    make_rating_row(db, department=other.dept_a, level=1, rated_on=DAY, comment="别的中心")
    return hall


def test_the_export_holds_every_matching_rating_with_labels_names_and_local_times(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get("/ratings/export.xlsx"))
    assert book.sheet_name == "评价" and book.title.startswith("评价列表（全部日期；含默认好评）导出于 ")
    assert book.freeze == "A3"
    assert book.header[:5] == ["评价时间", "评价等级", "差评", "默认评价", "评价渠道"]
    assert len(book.rows) == 27
    bad = next(r for r in book.rows if r["评价等级"] == "不满意")
    assert {k: bad[k] for k in ("差评", "评价渠道", "科室", "窗口", "工作人员", "事项", "实名", "评价人", "联系电话")} == {
        "差评": "是", "评价渠道": "现场评价器", "科室": "不动产登记科", "窗口": "不动产1号窗口", "工作人员": "李秀英",
        "事项": "不动产抵押登记", "实名": "是", "评价人": "张伟", "联系电话": "13912345678"}
    assert bad["评价时间"] == dt.datetime(2026, 3, 10, 11, 0)  # 11:00 in Shanghai, a date the spreadsheet can sort
    cell = book.cells[book.rows.index(bad)][0]
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm"
    default = next(r for r in book.rows if r["默认评价"] == "是")
    assert (default["评价渠道"], default["评价人"]) == ("默认好评", "匿名")
    assert "别的中心" not in book.column("评价内容")


def test_contacts_are_masked_for_roles_without_personal_read(hall, sign_in):
    book = read_xlsx(sign_in(hall.director).get("/ratings/export.xlsx?bad_only=1"))
    assert [(r["评价人"], r["联系电话"]) for r in book.rows] == [("张*", "139****5678")]


def test_department_roles_export_their_own_department_only(hall, sign_in):
    book = read_xlsx(sign_in(hall.clerk_a).get("/ratings/export.xlsx"))
    assert set(book.column("科室")) == {"不动产登记科"} and len(book.rows) == 2


def test_the_page_link_carries_its_filters_and_the_export_follows_them(hall, sign_in):
    browser = sign_in(hall.supervisor)
    page = browser.page("/ratings?level=5&start=2026-03-11&end=2026-03-12&include_default=0&include_default=1&page=2")
    link = re.search(r'href="([^"]+)" id="export"', page.text).group(1).replace("&amp;", "&")
    assert link == "/ratings/export.xlsx?level=5&start=2026-03-11&end=2026-03-12&include_default=0&include_default=1"
    book = read_xlsx(browser.get(link))
    assert len(book.rows) == 10 and set(book.column("评价等级")) == {"非常满意"}
    assert "2026-03-11 至 2026-03-12；等级：非常满意；含默认好评" in book.title
    no_defaults = read_xlsx(browser.get("/ratings/export.xlsx?include_default=0"))
    assert len(no_defaults.rows) == 26 and "不含默认好评" in no_defaults.title


def test_a_comment_that_begins_like_a_formula_is_text(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get("/ratings/export.xlsx?bad_only=1"))
    cell = book.cells[0][book.header.index("评价内容")]
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"http://evil.example\",\"点此\")"


def test_the_export_is_audited_with_its_filters_and_row_count(db, hall, sign_in):
    sign_in(hall.supervisor).get("/ratings/export.xlsx?level=5&page=3")
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx")).one()
    assert (record.entity, record.operator) == ("ratings", hall.supervisor.username)
    assert record.detail == '{"filters":{"level":"5"},"rows":25}'


def test_a_bad_date_is_refused_and_nothing_is_recorded(db, hall, sign_in):
    answer = sign_in(hall.supervisor).get("/ratings/export.xlsx?start=2026-02-30", headers={"accept": "text/html"})
    assert answer.status_code == 422 and "日期" in answer.text
    assert db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx")).first() is None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    answer = client.get("/ratings/export.xlsx", headers={"accept": "text/html"}, follow_redirects=False)
    assert answer.status_code in (302, 303) and answer.headers["location"].startswith("/login")


@pytest.mark.parametrize("query, count", [
    ("window_id={window_b}", 25),
    ("staff_id={clerk_a}", 1),
    ("department_id={dept_a}", 2),
    ("q=很好1", 11),  # 很好1, 很好10 … 很好19
    ("q=HYPERLINK&window_id={window_a}", 1),
    ("q=HYPERLINK&window_id={window_b}", 0),
])
def test_the_list_filters_by_department_window_staff_and_text_and_they_reach_the_export(hall, sign_in, query, count):
    query = query.format(window_a=hall.window_a.id, window_b=hall.window_b.id, clerk_a=hall.clerk_a.id,
                         dept_a=hall.dept_a.id)
    client = sign_in(hall.supervisor)
    page = client.get(f"/ratings?{query}&per_page=50")
    assert page.status_code == 200
    book = read_xlsx(client.get(f"/ratings/export.xlsx?{query}"))
    assert len(book.rows) == count


def test_a_department_head_filtering_on_another_departments_window_sees_nothing_of_it(hall, sign_in):
    client = sign_in(hall.head_a)
    assert len(read_xlsx(client.get(f"/ratings/export.xlsx?window_id={hall.window_b.id}")).rows) == 0
    assert len(read_xlsx(client.get(f"/ratings/export.xlsx?window_id={hall.window_a.id}")).rows) == 1
    assert client.get(f"/ratings?window_id={hall.window_b.id}").status_code == 200
