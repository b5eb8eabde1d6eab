"""A supervisor sends a 督办通知 from the card list on a case that ran over; the department head finds it on the
home page and replies with the 整改说明; the supervisor sees the reply waiting to be closed."""

import re

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_case, make_item
from tests.supervision.conftest import at, complete
from xiaoneng.db import make_engine, session_scope
from xiaoneng.org.models import Department, Staff

pytestmark = pytest.mark.browser


def test_a_notice_sent_from_the_card_list_and_answered_by_the_head(live_db, live_server, browser):
    url, accounts = live_db
    base, _ = live_server
    engine = make_engine(url)
    with session_scope(engine) as s:
        department = s.query(Department).filter_by(center_id=accounts["center_id"], code=accounts["dept_code"]).one()
        clerk = s.get(Staff, accounts["clerk_id"])
        item = make_item(s, department=department, name="食品生产许可变更", promised_limit_days=3)
        case = complete(s, make_case(s, item=item, handler=clerk, received_at=at(11, 2)), at(11, 9))
        number = case.number
    engine.dispose()

    supervisor = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860}).new_page()
    sign_in(supervisor, base, accounts["supervisor"], PASSWORD)
    supervisor.goto(base + f"/supervision/cards?q={number}")
    red = supervisor.locator("tr[data-card^='red:']")
    assert "红牌" in red.inner_text() and "食品生产许可变更" in red.inner_text()
    shot(supervisor, "supervision-cards")
    red.locator("a:has-text('督办')").click()
    assert "超时 2 个工作日" in supervisor.inner_text("body")
    supervisor.fill("input[name=reply_days]", "0")
    supervisor.click("#issue-notice")
    assert "反馈期限须为 1 至 30 之间的整数" in supervisor.locator(".field-error").inner_text()
    supervisor.fill("input[name=reply_days]", "3")
    supervisor.fill("textarea[name=text]", "该办件超期 2 个工作日，请查明原因并落实整改。")
    supervisor.click("#issue-notice")
    heading = supervisor.locator("h1").inner_text()
    notice_number = re.search(r"锦政服督〔2026〕第\d{3}号", heading).group(0)
    assert "已督办" in heading and "2026-11-23" in supervisor.inner_text("body")
    shot(supervisor, "supervision-notice-issued")

    head = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800}).new_page()
    sign_in(head, base, accounts["head"], PASSWORD)
    block = head.locator("section:has-text('待反馈的督办通知')")
    assert notice_number in block.inner_text()
    block.locator(f"a:has-text('{notice_number}')").first.click()
    head.fill("textarea[name=reply]", "已约谈经办人，当日补办完毕，并调整窗口AB岗安排。")
    head.click("#reply-notice")
    assert "已反馈" in head.locator("h1").inner_text()
    assert "已约谈经办人" in head.inner_text("body")
    assert head.evaluate("document.documentElement.scrollWidth") <= 375
    shot(head, "supervision-notice-replied-375")

    supervisor.goto(base + "/")
    assert notice_number in supervisor.locator("section:has-text('待办结的督办反馈')").inner_text()
    supervisor.goto(base + f"/supervision/cards?q={number}")
    assert "已反馈" in supervisor.locator("tr[data-card^='red:']").inner_text()
    supervisor.context.close()
    head.context.close()
