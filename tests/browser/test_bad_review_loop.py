"""The bad-review loop end to end in chromium: a rater on a phone scans a staff QR code and gives a bad review;
the staff member sees it, logs the contact and records the rectification; the supervisor calls back and sees the
real-name callback-and-rectification rate change."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD
from xiaoneng.ratings.links import qr_token
from xiaoneng.ratings.tokens import TokenKind

pytestmark = pytest.mark.browser
SECRET = "b" * 40  # the live server's secret (conftest)
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"}


def _rate_text(page) -> str:
    return page.locator("#callback-rate h2").inner_text()


def test_bad_review_from_a_phone_to_callback(browser, live_server, clock):
    base, accounts = live_server
    token = qr_token(TokenKind.STAFF, accounts["clerk_id"], center_id=accounts["center_id"], secret=SECRET,
                     now=clock.now(), days=30)

    # A rater on a phone-size screen opens the QR link and gives a real-name bad review.
    phone = browser.new_context(locale="zh-CN", **PHONE)
    rater = phone.new_page()
    rater.goto(f"{base}/r/{token}")
    assert "请对本次服务进行评价" in rater.content()
    rater.check("#level-1")
    rater.fill("#comment", "材料一次没说清楚，让我跑了三趟，窗口态度也不耐烦")
    rater.check("#real_name")
    rater.fill("#rater_name", "陈静怡")
    rater.fill("#rater_phone", "13987654321")
    shot(rater, "loop-1-phone-rating")
    rater.click("#submit")
    rater.wait_for_selector("#thanks")
    assert "非常不满意" in rater.locator("#thanks").inner_text()
    shot(rater, "loop-2-phone-thanks")
    phone.close()

    # The supervisor sees one real-name bad review pending: the rate is 0%.
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    supervisor = office.new_page()
    sign_in(supervisor, base, accounts["supervisor"], PASSWORD)
    supervisor.goto(f"{base}/rectifications")
    before = _rate_text(supervisor)
    assert "0%" in before or "0.0%" in before

    # The staff member rated sees the notice and the record, logs the contact, confirms and feeds back.
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    clerk = desk.new_page()
    sign_in(clerk, base, accounts["clerk"], PASSWORD)
    clerk.goto(f"{base}/inbox")
    assert "差评" in clerk.content()
    clerk.goto(f"{base}/rectifications")
    clerk.locator("table.list tbody a").first.click()
    clerk.wait_for_selector("#act-contact")
    assert "材料一次没说清楚" in clerk.content()
    assert "13987654321" in clerk.content()  # window staff hold personal.read: they call the rater back
    shot(clerk, "loop-3-staff-record")

    def act(action: str, fields: dict):
        clerk.locator(f"#act-{action} summary").click()
        form = clerk.locator(f"#act-{action} form")
        for name, value in fields.items():
            target = form.locator(f"[name={name}]")
            if target.evaluate("e => e.tagName") == "SELECT":
                target.select_option(value)
            else:
                target.fill(value)
        form.locator("button[type=submit]").click()
        clerk.wait_for_load_state()

    act("contact", {"method": "phone", "summary": "已电话联系陈女士，致歉并说明补正材料清单"})
    act("confirm", {"problem": "一次性告知不到位，材料清单遗漏租赁合同"})
    act("feed_back", {"measures": "更新告知单模板，窗口全员学习一次性告知制度"})
    assert "已整改反馈" in clerk.content()
    shot(clerk, "loop-4-staff-fed-back")
    desk.close()

    # The supervisor calls the rater back; the rate becomes 100%.
    supervisor.goto(f"{base}/rectifications")
    supervisor.locator("table.list tbody a").first.click()
    supervisor.locator("#act-callback summary").click()
    form = supervisor.locator("#act-callback form")
    form.locator("[name=method]").select_option("phone")
    form.locator("[name=level]").select_option("4")
    form.locator("[name=note]").fill("陈女士表示满意")
    form.locator("button[type=submit]").click()
    supervisor.wait_for_load_state()
    supervisor.goto(f"{base}/rectifications")
    after = _rate_text(supervisor)
    assert after != before and "100" in after
    shot(supervisor, "loop-5-supervisor-rate")
    office.close()
