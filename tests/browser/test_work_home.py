"""A window clerk signs in and finds their own open cases on the home page."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_case, make_item
from xiaoneng.cases import service as cases
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Department, Staff, Window

pytestmark = pytest.mark.browser


def test_window_staff_see_their_cases_on_the_home_page(live_db, live_server, page):
    url, accounts = live_db
    base, _ = live_server
    engine = make_engine(url)
    with session_scope(engine) as s:
        clerk = s.get(Staff, accounts["clerk_id"])
        item = make_item(s, department=s.get(Department, clerk.department_id), name="食品经营许可（首页）",
                         promised_limit_days=10)
        case = make_case(s, item=item, window=s.get(Window, accounts["window_id"]), handler=clerk)
        cases.accept_case(s, actor=system_actor(case.center_id), case_id=case.id)
        number = case.number
    engine.dispose()
    sign_in(page, base, accounts["clerk"], PASSWORD)
    block = page.locator(".work-block", has_text="我的在办件")
    assert block.locator("tr", has_text=number).count() == 1
    assert "食品经营许可（首页）" in block.inner_text() and "剩余" in block.inner_text()
    shot(page, "home-window-staff")
    block.locator("a", has_text=number).click()
    assert page.url.endswith(f"/cases/{case.id}")
