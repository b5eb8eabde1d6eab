"""代岗 in the browser: B's home page lists the work of A, who is away, and B accepts A's case from it; A, back
from an earlier leave, confirms the handover record from the home page. The admin edits a conduct phrase."""

import datetime as dt

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_case, make_item, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.db import make_engine, session_scope
from xiaoneng.duty import handovers, service
from xiaoneng.kit import clock
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Department, Staff

pytestmark = pytest.mark.browser


def _set_up(url, accounts) -> dict:
    engine = make_engine(url)
    with session_scope(engine) as s:
        dept = s.query(Department).filter_by(code=accounts["dept_code"]).one()
        admin = s.query(Staff).filter_by(username=accounts["admin"]).one()
        head = s.query(Staff).filter_by(username=accounts["head"]).one()
        a = make_staff(s, role=Role.WINDOW_STAFF, department=dept, full_name="孙丽", username="acting_a")
        b = make_staff(s, role=Role.WINDOW_STAFF, department=dept, full_name="周强", username="acting_b")
        service.create_post(s, actor=actor_for(admin), name="个体工商户登记岗", a_staff_id=a.id, b_staff_id=b.id,
                            department_id=dept.id)
        today = clock.today()
        earlier = service.request_absence(s, actor=actor_for(a), kind="sick", start_date=today - dt.timedelta(days=2),
                                          start_half=0, end_date=today - dt.timedelta(days=2), end_half=1)
        away = service.request_absence(s, actor=actor_for(a), kind="trip", start_date=today, start_half=0,
                                       end_date=today + dt.timedelta(days=1), end_half=1, reason="外出培训")
        for absence in (earlier, away):
            service.decide_absence(s, actor=actor_for(head), absence_id=absence.id, approve=True)
        item = make_item(s, department=dept, name="户外招牌设置审批")
        old = make_case(s, item=item, window=None, origin="online", handler=a,
                        received_at=dt.datetime.combine(today - dt.timedelta(days=3), dt.time(9), TZ))
        cases.accept_case(s, actor=actor_for(b), case_id=old.id,
                          at=dt.datetime.combine(today - dt.timedelta(days=2), dt.time(10), TZ))
        handovers.make_handovers(s, now=dt.datetime.combine(today - dt.timedelta(days=1), dt.time(9), TZ))
        case = make_case(s, item=item, window=None, origin="online", handler=a)
        numbers = {"old": old.number, "new": case.number}
    engine.dispose()
    return numbers


def test_b_works_as_case_and_a_confirms_the_handover(live_db, live_server, page):
    url, accounts = live_db
    base, _ = live_server
    numbers = _set_up(url, accounts)
    sign_in(page, base, "acting_b", PASSWORD)
    body = page.inner_text("body")
    assert "代岗：孙丽（个体工商户登记岗）的在办事项" in body and numbers["new"] in body
    shot(page, "acting-home-b")
    page.click(f"a:has-text('{numbers['new']}')")
    page.click("button:has-text('受理')")
    assert "已受理" in page.inner_text("body")
    page.context.clear_cookies()
    sign_in(page, base, "acting_a", PASSWORD)
    assert "待我确认的交接记录" in page.inner_text("body")
    page.click("section:has-text('待我确认的交接记录') tbody a >> nth=0")
    body = page.inner_text("body")
    assert "请假期间代岗办理的事项（1 项）" in body and f"办件 {numbers['old']}：受理" in body and "周强" in body
    shot(page, "acting-handover")
    page.fill("input[name=note]", "已知悉，谢谢")
    page.click("button:has-text('确认交接')")
    assert "已确认交接记录" in page.inner_text("body") and "已知悉，谢谢" in page.inner_text("body")


def test_the_admin_adds_a_conduct_phrase(live_db, live_server, page):
    _, accounts = live_db
    base, _ = live_server
    sign_in(page, base, accounts["admin"], PASSWORD)
    page.goto(base + "/conduct/phrases")
    assert page.locator("input[value='我不知道，你去问××']").count() == 1
    page.fill("input[aria-label=新增用语]", "这事不归我管")
    page.fill("textarea[aria-label=新增用语的写法]", "这事/这个\n不归我管/不是我负责")
    page.click("button:has-text('保存用语')")
    assert "已保存 18 条用语（第 1 版）" in page.inner_text("body")
    assert page.locator("input[value=这事不归我管]").count() == 1
    shot(page, "conduct-phrases")
