"""The back office on a 375 px phone: the page is no wider than the screen, the 菜单 button opens the navigation."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    pg = context.new_page()
    yield pg
    context.close()


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("path", ["/", "/cases", "/ratings", "/rectifications", "/admin/staff", "/admin/audit"])
def test_pages_fit_a_phone_and_tables_scroll_inside(live_server, phone, path):
    base, accounts = live_server
    sign_in(phone, base, accounts["admin"], PASSWORD)
    phone.goto(base + path)
    assert _width(phone) <= 375, path
    shot(phone, "phone" + (path.replace("/", "-") if path != "/" else "-home"))


def test_the_menu_button_opens_the_navigation(live_server, phone):
    base, accounts = live_server
    sign_in(phone, base, accounts["clerk"], PASSWORD)
    nav = phone.locator("nav.side")
    assert not nav.is_visible()
    phone.click("#menu-button")
    assert nav.is_visible() and phone.get_attribute("#menu-button", "aria-expanded") == "true"
    assert nav.locator("a", has_text="办件").is_visible()
    assert _width(phone) <= 375
    shot(phone, "phone-menu-open")
    nav.locator("a", has_text="办件").click()
    phone.wait_for_url(base + "/cases")
    assert not phone.locator("nav.side").is_visible()
