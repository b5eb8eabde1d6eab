"""The card list and the breach list downloaded from a real `xiaoneng serve` on a file database: every matching
row in Chinese, typed cells, the filters of the page, and a department head gets their department only."""

import datetime as dt

from sqlalchemy import select

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_case, make_center, make_department, make_item, make_staff
from tests.fixtures.sheets import read_xlsx
from tests.supervision.conftest import at, complete
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope


def test_cards_and_breaches_as_xlsx(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        land = make_department(s, center=center, name="不动产登记科")
        social = make_department(s, center=center, name="社保科")
        make_staff(s, role=Role.SUPERVISOR, center=center, username="sup_live")
        make_staff(s, role=Role.DEPT_HEAD, department=social, username="head_live")
        clerk = make_staff(s, department=land, full_name="张伟")
        other = make_staff(s, department=social, full_name="陈静")
        land3 = make_item(s, department=land, name="不动产抵押登记", promised_limit_days=3)
        social3 = make_item(s, department=social, name="社保关系转移", promised_limit_days=3)
        late = complete(s, make_case(s, item=land3, handler=clerk, received_at=at(11, 2)), at(11, 9))
        open_social = make_case(s, item=social3, handler=other, received_at=at(11, 9))
        numbers = (late.number, open_social.number)
    with serve_live(own_database_url) as server:
        browser = server.sign_in("sup_live")
        cards = read_xlsx(browser.get("/supervision/cards/export.xlsx?month=2026-11&sort=number&order=asc"))
        reds = read_xlsx(browser.get("/supervision/cards/export.xlsx?color=red&progress=open"))
        found = read_xlsx(browser.get("/supervision/breaches/export.xlsx?start=2026-11-01&end=2026-11-30&sort=kind"))
        browser.close()
        browser = server.sign_in("head_live")
        own = read_xlsx(browser.get("/supervision/cards/export.xlsx"))
        browser.close()
    assert cards.title.startswith("黄牌红牌（应完成日期 2026-11-01 至 2026-11-30")
    assert cards.header == ["牌色", "办件编号", "事项", "申请人", "科室", "责任人", "环节", "应完成日期", "完成日期",
                            "超时（工作日）", "督办状态", "督办文号"]
    assert sorted(cards.column("办件编号")) == sorted([numbers[0]] * 2 + [numbers[1]] * 2)
    row = next(r for r in cards.rows if r["办件编号"] == numbers[0] and r["牌色"] == "红牌")
    assert row["应完成日期"] == dt.datetime(2026, 11, 5) and row["完成日期"] == dt.datetime(2026, 11, 9)
    assert row["超时（工作日）"] == 2 and row["环节"] == "整个办件" and row["科室"] == "不动产登记科"
    assert reds.column("办件编号") == [numbers[1]] and reds.column("完成日期") == [None]
    assert reds.column("超时（工作日）") == [4]  # due 11/12, today 11/18
    assert found.header == ["日期", "类别", "科室", "人员", "情况"]
    assert sorted(found.column("类别")) == ["红牌（办件超期）"] * 2 + ["黄牌（环节超时）"] * 2
    assert all(numbers[0] in text or numbers[1] in text for text in found.column("情况"))
    assert set(own.column("科室")) == {"社保科"} and len(own.rows) == 2
    with session_scope(engine, readonly=True) as s:
        exported = set(s.scalars(select(AuditRecord.entity).where(AuditRecord.action == "export.xlsx")))
    assert exported == {"supervision_cards", "supervision_breaches"}
    engine.dispose()
