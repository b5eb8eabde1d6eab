"""A clerk logs a phone inquiry and refers it; the caller then looks it up on the public page with number and phone."""

import re

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_log_refer_and_look_up(live_db, live_server, page, browser):
    url, accounts = live_db
    base, _ = live_server
    sign_in(page, base, accounts["head"], PASSWORD)
    page.goto(base + "/inquiries/new")
    page.select_option("select[name=channel]", "phone")
    page.fill("input[name=asker_name]", "陈先生")
    page.fill("input[name=asker_phone]", "13800138000")
    page.fill("textarea[name=content]", "社保转移接续需要哪些材料？")
    page.check("input[name=outcome][value=referred]")
    page.select_option("select[name=to_department_id]", label="人力社保窗口")
    page.click("button:has-text('登记')")
    text = page.inner_text("body")
    number = re.search(r"咨询编号 (ZX\d{12})", text).group(1)
    assert "人力社保窗口" in text and "待签收" in text
    shot(page, "inquiry-referred")
    public = browser.new_page(viewport={"width": 375, "height": 700})
    public.goto(base + "/inquiry")
    public.fill("input[name=number]", number)
    public.fill("input[name=phone]", "13800138000")
    public.click("button:has-text('查询')")
    assert "办理进度：待签收" in public.inner_text("body")
    assert public.evaluate("document.documentElement.scrollWidth") <= 375
    shot(public, "inquiry-public-lookup-375")
    public.close()
