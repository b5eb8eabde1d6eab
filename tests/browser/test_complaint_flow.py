"""A complaint from the public online form (on a phone, no account) through assignment, sign-off, investigation,
answer and callback, then looked up by the complainant with number and phone."""

import re

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_online_complaint_through_callback(live_db, live_server, page, browser):
    url, accounts = live_db
    base, _ = live_server
    citizen = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 760}).new_page()
    citizen.goto(f"{base}/complain/{accounts['center_code']}")
    citizen.check("input[name=kind][value=complaint]")
    citizen.fill("textarea[name=content]", "在市场监管窗口办理营业执照变更，工作人员态度生硬，材料没有一次性告知，跑了两趟")
    citizen.fill("input[name=complainant_name]", "吴先生")
    citizen.fill("input[name=complainant_phone]", "13512345678")
    citizen.click("button:has-text('提交')")
    number = citizen.inner_text("#number")
    assert re.fullmatch(r"TS\d{12}", number)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 375
    shot(citizen, "complaint-public-done-375")

    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(f"{base}/complaints?q={number}")
    page.click(f"a:has-text('{number}')")
    assert "待分派" in page.inner_text("#status") and "一次性告知" in page.inner_text("body")
    page.select_option("form[action$='/assign'] select[name=department_id]", label="市场监管窗口")
    page.click("form[action$='/assign'] button")
    assert "待签收" in page.inner_text("#status")
    detail_url = page.url
    page.context.clear_cookies()

    sign_in(page, base, accounts["head"], PASSWORD)
    page.goto(detail_url)
    page.click("form[action$='/sign'] button")
    assert "办理中" in page.inner_text("#status")
    page.fill("form[action$='/note'] textarea[name=text]", "调阅窗口录像并询问当事人，情况属实，已批评教育并重新培训一次性告知")
    page.click("form[action$='/note'] button")
    page.select_option("form[action$='/answer'] select[name=method]", "phone")
    page.fill("form[action$='/answer'] textarea[name=answer]", "已电话向吴先生致歉，并告知变更登记所需全部材料")
    page.click("form[action$='/answer'] button")
    assert "待回访" in page.inner_text("#status")
    page.context.clear_cookies()

    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(detail_url)
    page.check("form[action$='/callback'] input[name=result][value=satisfied]")
    page.fill("form[action$='/callback'] textarea[name=note]", "诉求人表示满意")
    page.click("form[action$='/callback'] button")
    assert "已办结" in page.inner_text("#status")
    trail = page.inner_text("#trail")
    for step in ("网上投诉提交", "分派", "签收", "调查记录", "答复诉求人", "回访", "办结"):
        assert step in trail
    shot(page, "complaint-closed-trail")
    with page.expect_download() as download:
        page.click("a:has-text('全流程投诉处理报告（PDF）')")
    assert download.value.suggested_filename.startswith("全流程投诉处理报告_" + number)

    citizen.goto(f"{base}/complaint")
    citizen.fill("input[name=number]", number)
    citizen.fill("input[name=phone]", "13512345678")
    citizen.click("button:has-text('查询')")
    progress = citizen.inner_text("#progress")
    assert "当前状态：已办结" in progress and "已电话向吴先生致歉" in progress and "回访结果：满意" in progress
    shot(citizen, "complaint-public-lookup-375")
    citizen.context.close()
