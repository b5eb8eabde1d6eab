"""A supervisor on a 375 px phone opens the warnings list, reads a warning's figures and decomposition and
acknowledges it with a note; the topics page shows its charts. No inline script or style: the page passes the CSP."""

import pytest
from sqlalchemy import delete

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_department, make_item, make_staff, make_window
from tests.insights.data import MONTHS, PERIOD, complaints, ratings
from xiaoneng.auth.rules import Role
from xiaoneng.complaints.models import Complaint
from xiaoneng.db import make_engine, session_scope
from xiaoneng.insights import topics, warnings
from xiaoneng.kit import clock
from xiaoneng.org.models import Center
from xiaoneng.ratings.models import Rating

pytestmark = pytest.mark.browser


@pytest.fixture
def risen(live_db):
    url, accounts = live_db
    engine = make_engine(url)
    with session_scope(engine) as s:
        center = s.get(Center, accounts["center_id"])
        dept = make_department(s, center=center, code="ZWGK", name="政务公开窗口")
        window = make_window(s, department=dept, code="G01", name="G01 政务公开窗口")
        clerk = make_staff(s, role=Role.WINDOW_STAFF, department=dept, window_id=window.id, full_name="陈晓")
        item = make_item(s, department=dept, name="政府信息公开申请")
        hall = type("Hall", (), {})()
        for month in MONTHS:
            october = month == MONTHS[-1]
            ratings(s, hall, dept, window, clerk, item, month, 60, 15 if october else 3,
                    "排队两个小时，窗口人员态度差，很不满意")
            complaints(s, dept, month, 8 if october else 1, "排队等候", "大厅排队等候时间太长，叫号很慢，希望增加窗口")
        s.flush()
        topics.compute(s, center_id=center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())
        warnings.compute(s, center_id=center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())
        dept_id = dept.id
    yield accounts
    with session_scope(engine) as s:  # the other browser tests see the organisation as it was
        s.execute(delete(Rating).where(Rating.department_id == dept_id))
        s.execute(delete(Complaint).where(Complaint.department_id == dept_id))
    engine.dispose()


def test_supervisor_reads_and_acknowledges_a_warning_on_a_phone(live_server, browser, risen):
    base, accounts = live_server
    phone = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740})
    page = phone.new_page()
    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(base + "/insights/warnings?measure=bad_rate&unit_kind=department")
    assert "政务公开窗口" in page.inner_text("#warnings")
    shot(page, "insights-warnings-375")
    page.click("#warnings a:has-text('政务公开窗口')")
    body = page.inner_text("body")
    assert "差评率显著上升" in body and "上升主要来自" in body and "按评价维度" in body
    page.fill("textarea[name=note]", "已约谈窗口负责人，增派引导员")
    page.click("button:has-text('确认预警')")
    assert "预警已确认" in page.inner_text("body") and "增派引导员" in page.inner_text("body")
    shot(page, "insights-warning-375")
    page.goto(base + "/insights/topics")
    assert page.locator("svg.chart").count() >= 1 and "热度怎么算" in page.inner_text("body")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    shot(page, "insights-topics-375")
    phone.close()
