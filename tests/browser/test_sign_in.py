"""A person signs in through the real browser and sees the console in Chinese."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_sign_in_and_home(live_server, page):
    base, accounts = live_server
    page.goto(base + "/")
    assert page.url.startswith(base + "/login")
    shot(page, "login")
    page.fill("input[name=username]", accounts["admin"])
    page.fill("input[name=password]", "wrong-password1")
    page.click("button[type=submit]")
    assert page.locator(".flash.error").inner_text() == "用户名或密码错误"
    sign_in(page, base, accounts["admin"], PASSWORD)
    assert "您好，王建国" in page.content()
    assert page.locator("nav.side a", has_text="服务事项").count() == 1
    shot(page, "home-admin")
