"""The ranking exported as XLSX: the rows and figures the page shows for the same choices, numbers as numbers,
names, the period and weights in the title, internal roles only, the export audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.fixtures.sheets import read_xlsx
from tests.rankings.conftest import QUERY
from xiaoneng.audit.models import AuditRecord



def test_departments_ranked_with_typed_figures(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get(f"/rankings/export.xlsx?{QUERY}"))
    assert book.sheet_name == "部门排名"
    assert book.title.startswith("部门综合排名（2026-03-01 至 2026-03-31；对比上期 2026-02-01 至 2026-02-28；"
                                 "少于 1 条评价为样本不足、不排名；默认好评计入；申诉成立的差评不计入；"
                                 "权重：满意度 0.5、差评率（越低越好） 0.2、差评回访整改率 0.2、服务量 0.1）")
    # The page's columns, in the page's order.
    assert book.header == ["名次", "部门", "综合得分", "评价数", "满意度", "差评数", "差评率", "回访整改率", "名次变化",
                           "差评率变化"]
    first, second = book.rows
    assert (first["名次"], first["部门"], first["评价数"], first["满意度"], first["差评率"]) == (1, "不动产登记科", 1, 1, 0)
    assert (second["部门"], second["评价数"], second["差评数"], second["差评率"]) == ("市场监管科", 1, 0, 0)  # appeal upheld: out
    score = book.cells[0][2]
    assert score.data_type == "n" and score.number_format == "0.00" and score.value == 100
    assert book.cells[0][4].number_format == "0.0%" and book.cells[0][6].number_format == "0.0%"


def test_small_samples_and_changes_in_the_export(db, hall, sign_in):
    import datetime as dt

    from tests.disclosure.data import make_rating_row
    from tests.rankings.conftest import DAY
    from xiaoneng.ratings.models import RatingSettings
    make_rating_row(db, department=hall.dept_a, level=4, rated_on=DAY, staff=hall.clerk_a)
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=dt.date(2026, 2, 3), staff=hall.clerk_a)
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=dt.date(2026, 2, 4), staff=hall.clerk_a)
    db.get(RatingSettings, hall.center.id).ranking_min_sample = 2
    db.flush()
    book = read_xlsx(sign_in(hall.clerk_b).get(f"/rankings/export.xlsx?{QUERY}"))
    first, second = book.rows
    assert (first["名次"], first["部门"], first["名次变化"], first["差评率变化"]) == (1, "不动产登记科", 0, -0.5)
    assert book.cells[0][9].number_format == "+0.0%;-0.0%;0.0%"
    assert (second["名次"], second["部门"], second["综合得分"], second["名次变化"]) == ("—", "市场监管科", "样本不足", None)


def test_staff_ranking_with_appeals_counted_follows_the_page_choices(db, hall, sign_in):
    browser = sign_in(hall.director)
    page = browser.page(f"/rankings?{QUERY}&excluded=1&by=staff")
    link = re.search(r'href="([^"]+)" id="export"', page.text).group(1).replace("&amp;", "&")
    assert link == "/rankings/export.xlsx?start=2026-03-01&end=2026-03-31&by=staff&defaults=1&excluded=1"
    book = read_xlsx(browser.get(link))
    assert book.sheet_name == "工作人员排名" and "申诉成立的差评计入" in book.title
    zhao = next(r for r in book.rows if r["工作人员"].startswith("赵志强"))
    assert (zhao["差评数"], zhao["差评率"]) == (1, 0.5)
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "export.xlsx")).one()
    assert record.entity == "rankings" and '"by":"staff"' in record.detail and '"rows":2' in record.detail


def test_a_period_without_ratings_lists_departments_unranked(hall, sign_in):
    book = read_xlsx(sign_in(hall.supervisor).get("/rankings/export.xlsx?start=2026-05-01&end=2026-05-31"))
    assert [(r["名次"], r["综合得分"], r["评价数"]) for r in book.rows] == [("—", "无评价", 0), ("—", "无评价", 0)]


@pytest.mark.parametrize("who", ["clerk_a", "head_a"])
def test_department_roles_export_the_whole_center(hall, sign_in, who):
    book = read_xlsx(sign_in(getattr(hall, who)).get(f"/rankings/export.xlsx?{QUERY}"))
    assert [r["部门"] for r in book.rows] == ["不动产登记科", "市场监管科"]


def test_a_bad_period_is_refused_with_the_field(hall, sign_in):
    answer = sign_in(hall.supervisor).get("/rankings/export.xlsx?start=2026-03-31&end=2026-03-01",
                                          headers={"accept": "text/html"})
    assert answer.status_code == 422 and "结束日期不能早于开始日期" in answer.text
