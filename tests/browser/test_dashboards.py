"""The director's and a department head's home page at desktop width and on a 375-px phone: the charts are drawn
(canvas, no CSP violation, tooltips included), they fit the screen, and each chart's table opens."""

import datetime as dt

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_case, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.dashboards import rollup
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit import clock
from xiaoneng.org.models import Center
from xiaoneng.ratings.models import Rating

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def year_of_work(live_db):
    """A department of its own with a head, a director, and a year of cases and ratings."""
    url, accounts = live_db
    engine = make_engine(url)
    today = clock.today()
    with session_scope(engine) as s:
        center = s.get(Center, accounts["center_id"])
        dept = make_department(s, center=center, code="KBJ", name="区看板测试局")
        window = make_window(s, department=dept, code="K01", name="K01 窗口")
        director = make_staff(s, role=Role.DIRECTOR, center=center, username="dash_director", full_name="曹芳")
        head = make_staff(s, role=Role.DEPT_HEAD, department=dept, username="dash_head", full_name="付亮")
        clerks = [make_staff(s, department=dept, window_id=window.id, username=f"dash_clerk{i}",
                             full_name=name) for i, name in enumerate(("陈龙", "刘芳", "杜雨"))]
        item = make_item(s, department=dept, name="看板测试事项", promised_limit_days=5)
        for months_ago in range(12):
            day = (today.replace(day=1) - dt.timedelta(days=months_ago * 30)).replace(day=3)
            at = dt.datetime.combine(day, dt.time(10), clock.TZ)
            for i, clerk in enumerate(clerks):
                make_case(s, item=item, window=window, handler=clerk, received_at=at,
                          completed_at=at + dt.timedelta(hours=2))
                for n in range(4 + i):
                    s.add(Rating(center_id=center.id, department_id=dept.id, window_id=window.id, staff_id=clerk.id,
                                 channel="qr_code", level=5 - (n + months_ago) % 5 if n else 4, is_bad=False,
                                 is_default=n == 0, rater_key=f"dash-{months_ago}-{i}-{n}", rated_at=at,
                                 rated_on=day))
        s.flush()
        s.execute(Rating.__table__.update().where(Rating.level <= 2, Rating.department_id == dept.id)
                  .values(is_bad=True))
        # The server's hourly rollup may have counted these days already (another test's data came first): the days
        # written here are counted again, as `xiaoneng dashboards rollup --from` does after an import of old data.
        rollup.refresh(s, today=today, since=today - dt.timedelta(days=400), center_id=center.id)
        names = {"director": director.username, "head": head.username}
    engine.dispose()
    return names


def _open_home(browser, base, username, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    page = context.new_page()
    sign_in(page, base, username, PASSWORD)
    page.wait_for_selector("[data-chart][data-drawn]")
    return context, page


def _check(page, *, width: int, name: str, charts: int) -> None:
    boxes = page.locator("[data-chart]")
    assert boxes.count() == charts
    page.locator("[data-chart] canvas").nth(charts - 1).wait_for()  # a locator: the page's CSP forbids eval
    for i in range(charts):
        box = boxes.nth(i).bounding_box()
        assert box["width"] <= width and box["height"] > 150
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # nothing wider than the screen
    first = boxes.first.bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)  # a tooltip, drawn on canvas
    page.wait_for_timeout(300)
    details = page.locator("details.dash-data", has_text="查看数据表").first
    assert not details.locator("table").is_visible()
    details.locator("summary").click()
    assert details.locator("table").is_visible()
    assert details.locator("th").first.inner_text() == "月份"
    shot(page, name)


def test_the_directors_cockpit_at_desktop_and_phone_width(browser, live_server, year_of_work):
    base, _ = live_server
    for viewport, name in (({"width": 1280, "height": 900}, "dashboard-director"), (PHONE, "dashboard-director-phone")):
        context, page = _open_home(browser, base, year_of_work["director"], viewport)
        try:
            assert "中心运行概览" in page.inner_text("main")
            _check(page, width=viewport["width"], name=name, charts=3)
            assert page.locator(".dash-panel", has_text="科室表现").locator("details").count() == 2
        finally:
            context.close()


def test_the_department_heads_home_at_desktop_and_phone_width(browser, live_server, year_of_work):
    base, _ = live_server
    for viewport, name in (({"width": 1280, "height": 900}, "dashboard-head"), (PHONE, "dashboard-head-phone")):
        context, page = _open_home(browser, base, year_of_work["head"], viewport)
        try:
            text = page.inner_text("main")
            assert "本科室概览" in text and "区看板测试局" not in text.split("本科室概览")[0]
            _check(page, width=viewport["width"], name=name, charts=3)
            staff = page.locator("details", has_text="工作人员本月明细")
            staff.locator("summary").click()
            assert staff.locator("tbody tr").count() == 3
        finally:
            context.close()
