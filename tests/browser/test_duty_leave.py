"""A window clerk asks for leave on the 请假与AB岗 page; with the backup away it is refused, saying why, on a phone."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.duty import service
from xiaoneng.org.models import Department, Staff

pytestmark = pytest.mark.browser


def test_leave_refused_for_an_empty_post_then_asked_for_another_day(live_db, live_server, page):
    url, accounts = live_db
    base, _ = live_server
    engine = make_engine(url)
    with session_scope(engine) as s:
        clerk = s.get(Staff, accounts["clerk_id"])
        backup = make_staff(s, role=Role.WINDOW_STAFF, department=s.get(Department, clerk.department_id),
                            full_name="陈静", username="backup_duty")
        admin = s.query(Staff).filter_by(username=accounts["admin"]).one()
        service.create_post(s, actor=actor_for(admin), name="食品经营许可受理岗", a_staff_id=clerk.id,
                            b_staff_id=backup.id, department_id=clerk.department_id)
        service.request_absence(s, actor=actor_for(backup), kind="trip", start_date="2026-12-07", start_half=0,
                                end_date="2026-12-08", end_half=1, reason="外出培训")
    engine.dispose()
    page.set_viewport_size({"width": 375, "height": 800})
    sign_in(page, base, accounts["clerk"], PASSWORD)
    page.goto(base + "/duty")
    assert "食品经营许可受理岗" in page.inner_text("body")
    page.select_option("select[name=kind]", "vacation")
    page.fill("input[name=start_date]", "2026-12-08")
    page.fill("input[name=end_date]", "2026-12-09")
    page.fill("input[name=reason]", "家中有事")
    page.click("button:has-text('提交申请')")
    alert = page.locator(".flash.error")
    assert "将无人在岗" in alert.inner_text() and "陈静" in alert.inner_text() and "出差" in alert.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    shot(page, "duty-leave-refused-375")
    page.fill("input[name=start_date]", "2026-12-09")
    page.click("button:has-text('提交申请')")
    assert "已提交请假申请" in page.inner_text("body")
    assert "待审批" in page.inner_text("body")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/duty")
    shot(page, "duty-overview")
