"""Every page under the Content-Security-Policy in chromium: the staff pages of the menu, the forms' scripts, the
error page, the API docs, the public rating, kiosk and disclosure pages run with no violation (the autouse fixture
of conftest fails a test on any), and a violation is caught when one happens."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD
from xiaoneng.ratings.links import qr_token
from xiaoneng.ratings.tokens import TokenKind

pytestmark = pytest.mark.browser
SECRET = "b" * 40  # the live server's secret (conftest)


def test_every_menu_page_of_the_admin_and_supervisor_runs_under_the_policy(live_server, page):
    base, accounts = live_server
    for who in ("admin", "supervisor"):
        sign_in(page, base, accounts[who], PASSWORD)
        links = page.eval_on_selector_all("nav.side a", "links => links.map(a => a.getAttribute('href'))")
        assert len(links) >= 5
        for link in links:
            answer = page.goto(base + link)
            assert answer.status == 200, link
        page.click("form[action='/logout'] button")


def test_the_item_forms_script_adds_a_material_row(live_server, page):
    base, accounts = live_server
    sign_in(page, base, accounts["admin"], PASSWORD)
    page.goto(base + "/admin/items/new")
    rows = page.locator("#materials tbody tr").count()
    page.click("#add-material")
    assert page.locator("#materials tbody tr").count() == rows + 1
    assert page.locator(f"input[name='m-{rows}-name']").count() == 1


def test_the_error_pages_back_link_goes_back(live_server, page):
    base, accounts = live_server
    sign_in(page, base, accounts["admin"], PASSWORD)
    page.goto(base + "/admin/items")
    page.goto(base + "/admin/items/999999")
    assert "未找到" in page.content()
    page.click("#go-back")
    page.wait_for_url(base + "/admin/items")


def test_the_api_docs_render_from_the_projects_own_swagger_ui(live_server, page):
    base, _ = live_server
    off_site = []
    page.on("request", lambda r: off_site.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/api/docs")
    page.wait_for_selector(".swagger-ui .info h1.title")
    assert "效能 xiaoneng" in page.locator(".swagger-ui .info h1.title").inner_text()
    assert page.locator(".opblock").count() > 10
    assert off_site == []
    shot(page, "api-docs")


def test_the_public_rating_form_hides_the_other_sides_options(live_server, page, clock):
    base, accounts = live_server
    token = qr_token(TokenKind.WINDOW, accounts["window_id"], center_id=accounts["center_id"], secret=SECRET,
                     now=clock.now(), days=30)
    page.goto(f"{base}/r/{token}")
    assert page.locator("#real-name-fields").is_hidden()
    page.check("#real_name")
    assert page.locator("#real-name-fields").is_visible()
    # The page's own stylesheet applies: the level choices are laid out as a column of cards.
    assert page.eval_on_selector(".levels", "e => getComputedStyle(e).flexDirection") == "column"


def test_the_kiosk_waits_for_a_case_under_the_policy(live_server, page, clock):
    base, accounts = live_server
    token = qr_token(TokenKind.KIOSK, accounts["window_id"], center_id=accounts["center_id"], secret=SECRET,
                     now=clock.now(), days=30)
    with page.expect_response(lambda r: "/current" in r.url) as polled:
        page.goto(f"{base}/kiosk/{token}")
    assert polled.value.status == 200  # its script runs and polls with the token from the page
    assert page.locator("#idle").is_visible() and page.locator("#problems").is_hidden()
    assert page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor") == "rgb(15, 61, 107)"


def test_the_disclosure_page_is_styled_from_its_stylesheet(live_server, page):
    base, accounts = live_server
    page.goto(f"{base}/public/{accounts['center_code']}/ratings")
    assert page.eval_on_selector("header", "e => getComputedStyle(e).backgroundColor") == "rgb(31, 95, 168)"


def test_a_violation_is_caught(live_server, page, no_csp_violations):
    base, _ = live_server
    page.goto(base + "/login")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = '1'; document.body.append(s) }")
    page.wait_for_timeout(500)
    problems = no_csp_violations.csp_problems()
    assert any("style-src" in p for p in problems) and any("script-src" in p for p in problems), problems
    no_csp_violations.clear()  # expected here: the test itself passes
