"""The citizen's rating from a QR code on a phone: a refused submission opens on its error summary with the input
kept, a submitted one lands on a thank-you page with the center and the reference number, and reloading that page
does not rate again."""

import pytest

from tests.browser.conftest import shot
from xiaoneng.ratings.links import qr_token
from xiaoneng.ratings.tokens import TokenKind

pytestmark = pytest.mark.browser
SECRET = "b" * 40  # the live server's secret (conftest)


def test_a_citizen_rates_a_window_on_a_phone(live_server, browser, clock):
    base, accounts = live_server
    token = qr_token(TokenKind.WINDOW, accounts["window_id"], center_id=accounts["center_id"], secret=SECRET,
                     now=clock.now(), days=30)
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{base}/r/{token}")
        page.fill("#comment", "窗口等候时间较长")
        page.click("#submit")
        page.wait_for_selector("#error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.evaluate("document.getElementById('error-summary').getBoundingClientRect().top") < 740
        assert "总体评价" in page.locator("#error-summary").inner_text()
        assert page.input_value("#comment") == "窗口等候时间较长"
        shot(page, "citizen-rating-error-375")
        page.check("#level-4")
        page.click("#submit")
        page.wait_for_url(f"{base}/r/{token}/done/**")
        assert "锦城新区政务服务中心" in page.locator("#receipt-center").inner_text()
        reference = page.locator("#receipt-reference").inner_text()
        assert reference.startswith("PJ")
        shot(page, "citizen-rating-thanks-375")
        answer = page.reload()
        assert answer.status == 200 and answer.request.method == "GET"
        assert page.locator("#receipt-reference").inner_text() == reference
    finally:
        context.close()
