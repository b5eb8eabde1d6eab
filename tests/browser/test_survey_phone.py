"""A supervisor composes a questionnaire, publishes it and reads its link; a citizen answers it on a 375 px phone;
the supervisor sees the answer in the results chart."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_compose_publish_answer_on_a_phone_and_read_the_results(live_server, page, browser):
    base, accounts = live_server
    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(base + "/surveys/new")
    page.fill("input[name=title]", "大厅服务满意度调查（浏览器）")
    page.select_option("select[name=q1_kind]", "scale")
    page.fill("input[name=q1_text]", "您对窗口服务的总体评价")
    page.select_option("select[name=q2_kind]", "single")
    page.fill("input[name=q2_text]", "您这次来办理什么业务")
    page.fill("textarea[name=q2_options]", "市场主体登记\n社保医保\n其他")
    page.select_option("select[name=q3_kind]", "text")
    page.fill("input[name=q3_text]", "您还有什么建议")
    page.click("button:has-text('保存草稿')")
    assert "问卷已保存为草稿" in page.inner_text("body")
    page.click("#publish")
    assert "已发布" in page.inner_text("body")
    path = urlsplit(page.get_attribute("#survey-link", "href")).path
    assert re.fullmatch(r"/s/[\w.-]+", path)
    shot(page, "survey-published")

    phone = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    citizen = phone.new_page()
    citizen.goto(base + path)
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 375
    citizen.click("label:has-text('5 分 非常满意')")
    citizen.click("#submit")  # the business question is left out
    assert "第 2 题为必答题" in citizen.inner_text("#error-summary")
    citizen.click("label:has-text('社保医保')")
    citizen.fill("textarea[name=q3]", "希望增加自助打印机")
    shot(citizen, "survey-phone-375")
    citizen.click("#submit")
    assert "提交成功" in citizen.inner_text("body")
    citizen.goto(base + path)
    assert "您已填写过" in citizen.inner_text("body")
    phone.close()

    page.reload()
    assert page.inner_text("#responses") == "1"
    result = page.inner_text("#result-2")
    assert "社保医保" in result and "100.0%" in result
    assert page.locator("#result-1 svg.chart").count() == 1 and "希望增加自助打印机" in page.inner_text("#result-3")
    shot(page, "survey-results")
