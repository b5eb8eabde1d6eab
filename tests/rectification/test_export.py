"""The rectification list and the concentration alerts exported as XLSX: every matching record in the actor's
scope, labels and names, contacts masked without personal.read, the page's filters followed, the export audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.disclosure.data import at, make_hall, make_rating_row, make_rectification_row
from tests.fixtures.sheets import read_xlsx
from xiaoneng.audit.models import AuditRecord
from xiaoneng.rectification.models import ConcentrationAlert

DAY = dt.date(2026, 11, 2)


@pytest.fixture
def hall(db, clock):
    hall = make_hall(db)
    for n in range(22):  # more than a page of the list (20)
        bad = make_rating_row(db, department=hall.dept_b, level=2, rated_on=DAY, item=hall.item_b,
                              window=hall.window_b, staff=hall.clerk_b, comment=f"等候太久{n}")
        make_rectification_row(db, bad, status="closed" if n % 2 else "contacted")
    named = make_rating_row(db, department=hall.dept_a, level=1, rated_on=DAY, item=hall.item_a, window=hall.window_a,
                            staff=hall.clerk_a, real_name=True, rater_name="张伟", rater_phone="13912345678",
                            comment="-态度差", channel="qr_code")
    rect = make_rectification_row(db, named, status="fed_back", measures="+已培训", path="rectified")
    rect.fed_back_at = at(DAY + dt.timedelta(days=2), 15)
    rect.current_due = DAY + dt.timedelta(days=3)
    rect.escalation = "department_head"
    other = make_hall(db)
    make_rectification_row(db, make_rating_row(db, department=other.dept_a, level=1, rated_on=DAY, comment="别的中心"))
    db.add_all([
        ConcentrationAlert(key=f"d{hall.dept_a.id}", center_id=hall.center.id, department_id=hall.dept_a.id,
                           target_kind="department", target_id=hall.dept_a.id, period_start=DAY,
                           period_end=DAY + dt.timedelta(days=6), count=5, raised_at=at(DAY + dt.timedelta(days=6), 9)),
        ConcentrationAlert(key=f"s{hall.clerk_b.id}", center_id=hall.center.id, department_id=hall.dept_b.id,
                           target_kind="staff", target_id=hall.clerk_b.id, period_start=DAY,
                           period_end=DAY + dt.timedelta(days=6), count=22, raised_at=at(DAY + dt.timedelta(days=6), 9),
                           acknowledged_at=at(DAY + dt.timedelta(days=7), 14), acknowledged_by_id=hall.supervisor.id,
                           note="@已约谈"),
        ConcentrationAlert(key=f"i{other.item_a.id}", center_id=other.center.id, department_id=other.dept_a.id,
                           target_kind="item", target_id=other.item_a.id, period_start=DAY, period_end=DAY, count=9),
    ])
    db.flush()
    return hall


def _named(book):
    return next(r for r in book.rows if r["实名"] == "是")


def test_every_record_with_labels_names_and_the_bad_review(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get("/rectifications/export.xlsx"))
    assert book.sheet_name == "差评整改" and book.title.startswith("差评整改（全部记录）导出于 2026-11-18 10:00")
    assert len(book.rows) == 23
    row = _named(book)
    assert {k: row[k] for k in ("科室", "窗口", "被评价人", "事项", "差评等级", "评价渠道", "差评内容", "评价人",
                                "联系电话", "状态", "当前期限", "逾期", "督办", "处理方式", "整改措施", "反馈时间")} == {
        "科室": "不动产登记科", "窗口": "不动产1号窗口", "被评价人": "李秀英", "事项": "不动产抵押登记",
        "差评等级": "非常不满意", "评价渠道": "现场二维码", "差评内容": "'-态度差", "评价人": "张伟",
        "联系电话": "13912345678", "状态": "已整改反馈", "当前期限": dt.datetime(2026, 11, 5), "逾期": "是",
        "督办": "已逾期（科室负责人督办）", "处理方式": "整改", "整改措施": "'+已培训",
        "反馈时间": dt.datetime(2026, 11, 4, 15, 0)}
    cells = book.cells[book.rows.index(row)]
    assert cells[0].data_type == "n" and isinstance(cells[0].value, int)  # 编号 is a number
    assert all(c.data_type != "f" for c in cells)
    assert "别的中心" not in book.column("差评内容")


def test_contacts_are_masked_without_personal_read(hall, sign_in):
    row = _named(read_xlsx(sign_in(hall.director).get("/rectifications/export.xlsx")))
    assert (row["评价人"], row["联系电话"]) == ("张*", "139****5678")


def test_department_roles_export_their_department_only(hall, sign_in):
    book = read_xlsx(sign_in(hall.head_a).get("/rectifications/export.xlsx"))
    assert book.column("科室") == ["不动产登记科"]


def test_the_page_link_carries_the_list_filters_and_the_export_follows_them(hall, sign_in):
    browser = sign_in(hall.supervisor)
    page = browser.page(f"/rectifications?status=pending&department_id={hall.dept_b.id}&start=2026-11-01&page=2")
    link = re.search(r'href="([^"]+)" id="export"', page.text).group(1).replace("&amp;", "&")
    assert link == f"/rectifications/export.xlsx?status=pending&department_id={hall.dept_b.id}"
    book = read_xlsx(browser.get(link))
    assert len(book.rows) == 11 and set(book.column("状态")) == {"已联系"}
    assert "状态：未完成；科室：市场监管科" in book.title
    only_named = read_xlsx(browser.get("/rectifications/export.xlsx?real_name=1&overdue=1"))
    assert len(only_named.rows) == 1 and "仅实名；仅逾期" in only_named.title


def test_an_unknown_status_is_refused_and_nothing_is_recorded(db, hall, sign_in):
    answer = sign_in(hall.supervisor).get("/rectifications/export.xlsx?status=nonsense",
                                          headers={"accept": "text/html"})
    assert answer.status_code == 422 and "未知的整改状态" in answer.text
    assert db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx")).first() is None


def test_the_export_is_audited(db, hall, sign_in):
    sign_in(hall.supervisor).get("/rectifications/export.xlsx?status=closed")
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx")).one()
    assert (record.entity, record.detail) == ("rectifications", '{"filters":{"status":"closed"},"rows":11}')


def test_the_alerts_export_names_each_target(db, hall, sign_in):
    browser = sign_in(hall.supervisor)
    book = read_xlsx(browser.get("/rectifications/alerts/export.xlsx"))
    assert book.sheet_name == "集中差评预警" and "（全部）" in book.title
    assert [(r["对象类型"], r["预警对象"], r["科室"], r["差评条数"], r["核查状态"], r["核查情况"], r["核查人"])
            for r in book.rows] == [("工作人员", "赵志强", "市场监管科", 22, "已核查", "'@已约谈", "吴监察"),
                                    ("科室", "不动产登记科", "不动产登记科", 5, "待核查", None, None)]
    assert book.rows[0]["统计起"] == dt.datetime(2026, 11, 2)
    page = browser.page("/rectifications/alerts?open_only=1")
    link = re.search(r'href="([^"]+)" id="export"', page.text).group(1)
    assert link == "/rectifications/alerts/export.xlsx?open_only=1"
    open_only = read_xlsx(browser.get(link))
    assert open_only.column("预警对象") == ["不动产登记科"] and "（待核查）" in open_only.title
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "concentration_alerts")
                        .order_by(AuditRecord.id.desc())).first()
    assert record.detail == '{"filters":{"open_only":"1"},"rows":1}'


def test_department_roles_export_their_department_alerts_only(hall, sign_in):
    book = read_xlsx(sign_in(hall.clerk_b).get("/rectifications/alerts/export.xlsx"))
    assert book.column("预警对象") == ["赵志强"]
