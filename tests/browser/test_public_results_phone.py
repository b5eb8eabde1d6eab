"""The public results page on a 375 px phone: summary first, one card per department and per bad review, twenty
bad reviews to a page, nothing wider than the screen and a page a thumb can scroll."""

import datetime as dt

import pytest

from tests.browser.conftest import shot
from tests.disclosure.data import make_hall, make_rating_row, make_rectification_row
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit import clock

pytestmark = pytest.mark.browser

COMMENTS = ["排队等了一个多小时，叫号系统一直没有响应，工作人员也没有解释原因",
            "材料清单和窗口要求的不一样，跑了三趟", "态度生硬", "网上预约后到现场还是要重新取号，希望改进"]
MEASURES = ["已约谈窗口负责人，调整高峰时段窗口数量，并向服务对象致歉", "已更新材料清单并在大厅公示"]


@pytest.fixture(scope="module")
def published(live_db):
    """A center of its own with 45 bad reviews and 60 good ratings in the month the page opens on."""
    url, _ = live_db
    engine = make_engine(url)
    today = clock.today()
    first = today.replace(day=1)
    with session_scope(engine) as s:
        hall = make_hall(s, code="PUB375", name="锦城新区政务服务中心（公开页）")
        for n in range(60):
            make_rating_row(s, department=(hall.dept_a, hall.dept_b)[n % 2], level=5 - n % 2,
                            rated_on=first + dt.timedelta(days=n % max(1, today.day - 1)), item=hall.item_a)
        for n in range(45):
            rating = make_rating_row(
                s, department=(hall.dept_a, hall.dept_b)[n % 2], level=1 + n % 2,
                rated_on=first + dt.timedelta(days=n % max(1, today.day - 1)),
                item=(hall.item_a, hall.item_b)[n % 2], window=(hall.window_a, hall.window_b)[n % 2],
                comment=COMMENTS[n % len(COMMENTS)])
            make_rectification_row(s, rating, status=("fed_back", "rectifying", "closed")[n % 3],
                                   measures=MEASURES[n % 2])
        code = hall.center.code
    engine.dispose()
    return code


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    pg = context.new_page()
    yield pg
    context.close()


def _size(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")


def test_results_page_reads_on_a_phone(live_server, phone, published):
    base, _ = live_server
    phone.goto(f"{base}/public/{published}/ratings")
    width, height = _size(phone)
    shot(phone, "phone-public-results")
    assert width <= 375
    # Twenty bad reviews and two departments: a few screens, not the 11,674 px of the ten-column table.
    assert height < 5000, height
    cards = phone.locator("table.reviews tbody tr")
    assert cards.count() == 20
    # The summary comes first, above the department cards.
    summary = phone.locator("section.summary").bounding_box()
    departments = phone.locator("table.departments").bounding_box()
    assert summary["y"] < departments["y"] and summary["y"] < 400
    assert "评价总数" in phone.locator("section.summary").inner_text()
    # Each bad review is a card as wide as the screen, its labels beside the values.
    box = cards.first.bounding_box()
    assert box["width"] <= 375 and box["height"] < 260
    label = phone.evaluate("getComputedStyle(document.querySelector('table.reviews td.comment'), '::before').content")
    assert "评价内容" in label
    for n in range(cards.count()):
        assert cards.nth(n).bounding_box()["x"] + cards.nth(n).bounding_box()["width"] <= 375
    assert "第 1 / 3 页" in phone.locator("nav.pager").inner_text()


def test_next_page_of_bad_reviews(live_server, phone, published):
    base, _ = live_server
    phone.goto(f"{base}/public/{published}/ratings")
    phone.locator("nav.pager a[rel=next]").click()
    phone.wait_for_load_state()
    assert "page=2" in phone.url and phone.locator("table.reviews tbody tr").count() == 20
    assert _size(phone)[0] <= 375
    phone.goto(f"{base}/public/{published}/ratings?page=3")
    assert phone.locator("table.reviews tbody tr").count() == 5
    shot(phone, "phone-public-results-page3")


def test_the_table_stays_a_table_on_a_desk(live_server, browser, published):
    base, _ = live_server
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/public/{published}/ratings")
    assert page.locator("table.reviews thead th").first.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('table.reviews tbody tr')).display") == "table-row"
    shot(page, "desk-public-results")
    context.close()
