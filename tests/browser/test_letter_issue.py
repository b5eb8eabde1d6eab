"""A supervisor writes a 提示函 to a department, issues it and downloads its PDF; the department's head finds it in
the inbox and opens it."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_write_issue_download_and_read(live_server, page, browser):
    base, accounts = live_server
    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(base + "/letters/new?kind=notice")
    page.select_option("select[name=to_department_id]", label="市场监管窗口")
    page.fill("input[name=title]", "关于市场监管窗口离岗未放置提示牌的提示函")
    page.fill("textarea[name=paragraphs]", "巡查中发现，你窗口工作人员离岗未放置暂停服务提示牌。\n请立即整改，并于5个工作日内报送整改情况。")
    page.click("button:has-text('保存草稿')")
    assert "（印发时编号）" in page.inner_text("body")
    page.click("#issue")
    body = page.inner_text("body")
    assert "已印发，发文字号" in body and "〔2026〕" in body
    shot(page, "letter-issued")
    with page.expect_download() as download:
        page.click("#download-pdf")
    assert download.value.suggested_filename.startswith("提示函_") and download.value.suggested_filename.endswith(".pdf")
    context = browser.new_context(locale="zh-CN")
    head = context.new_page()
    sign_in(head, base, accounts["head"], PASSWORD)
    head.goto(base + "/inbox")
    head.click("text=关于市场监管窗口离岗未放置提示牌的提示函")
    assert "市场监管窗口：" in head.inner_text(".letter-sheet")
    context.close()
