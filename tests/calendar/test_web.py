"""Calendar pages and JSON API: reading, computing, importing with preview, overrides, permissions."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from tests.calendar.notices import NOTICE_2027
from tests.fixtures.objects import make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.calendar.models import CalendarOverride, CalendarYear


@pytest.fixture
def admin(seeded):
    return make_staff(seeded, role=Role.ADMIN)


@pytest.fixture
def admin_browser(sign_in, admin):
    return sign_in(admin)


def test_index_page_lists_years_and_exceptions(admin_browser):
    r = admin_browser.page("/admin/calendar?year=2024")
    assert r.status_code == 200
    assert "国务院办公厅关于2026年部分节假日安排的通知" in r.text
    assert "待核定" in r.text and "2027" in r.text
    assert "国庆节调休上班" in r.text  # 9/29 and 10/12 in 2024


def test_due_date_form(admin_browser):
    r = admin_browser.page("/admin/calendar?start=2024-09-30&n=1")
    assert "2024-10-08" in r.text
    r = admin_browser.page("/admin/calendar?start=2026-12-30&n=3")
    assert "2027-01-05" in r.text and 'badge warn">待核定' in r.text
    r = admin_browser.page("/admin/calendar?start=2024-02-30&n=1")
    assert r.status_code == 200 and "应为 YYYY-MM-DD" in r.text


def test_import_with_preview_then_save(admin_browser, seeded):
    admin_browser.page("/admin/calendar/import")
    r = admin_browser.submit("/admin/calendar/import", {"text": NOTICE_2027, "action": "preview"})
    assert r.status_code == 200
    assert "预览：国务院办公厅关于2027年部分节假日安排的通知" in r.text and "确认保存" in r.text
    assert "与“共9天”一致" in r.text
    assert seeded.get(CalendarYear, 2027) is None
    digest = re.search(r'name="previewed" value="([0-9a-f]+)"', r.text).group(1)
    r = admin_browser.submit("/admin/calendar/import", {"text": NOTICE_2027, "action": "save", "previewed": digest})
    assert r.status_code == 303 and "done=imported" in r.headers["location"]
    assert seeded.get(CalendarYear, 2027) is not None
    r = admin_browser.page(r.headers["location"])
    assert "放假安排已保存" in r.text


def test_save_of_text_edited_after_preview_shows_a_new_preview(admin_browser, seeded):
    admin_browser.page("/admin/calendar/import")
    r = admin_browser.submit("/admin/calendar/import", {"text": NOTICE_2027, "action": "preview"})
    digest = re.search(r'name="previewed" value="([0-9a-f]+)"', r.text).group(1)
    edited = NOTICE_2027.replace("共9天", "共8天")
    r = admin_browser.submit("/admin/calendar/import", {"text": edited, "action": "save", "previewed": digest})
    assert r.status_code == 409 and "请核对下面的新预览" in r.text and "通知写明共8天" in r.text
    assert seeded.get(CalendarYear, 2027) is None


def test_import_of_a_far_year_rerenders_with_the_text(admin_browser, seeded):
    admin_browser.page("/admin/calendar/import")
    r = admin_browser.submit("/admin/calendar/import", {"text": "元旦：1月1日放假1天。", "year": "2030", "action": "preview"})
    assert r.status_code == 409
    assert "2030年不能录入" in r.text and "元旦：1月1日放假1天。" in r.text
    assert seeded.get(CalendarYear, 2030) is None


def test_override_form_and_bad_input(admin_browser, admin, seeded):
    admin_browser.page("/admin/calendar")
    r = admin_browser.submit("/admin/calendar/overrides", {"day": "2025-03-05", "working": "0", "reason": ""})
    assert r.status_code == 422 and "请填写调整原因" in r.text and 'value="2025-03-05"' in r.text
    r = admin_browser.submit("/admin/calendar/overrides", {"day": "2025-03-05", "working": "0", "reason": "停电检修"})
    assert r.status_code == 303
    assert seeded.get(CalendarOverride, (admin.center_id, dt.date(2025, 3, 5))).reason == "停电检修"
    assert admin_browser.api("GET", "/api/calendar/add-workdays?start=2025-03-04&n=1").json()["due"] == "2025-03-06"
    admin_browser.page("/admin/calendar")
    r = admin_browser.submit("/admin/calendar/overrides/delete", {"day": "2025-03-05", "reason": "恢复"})
    assert r.status_code == 303
    assert seeded.get(CalendarOverride, (admin.center_id, dt.date(2025, 3, 5))) is None


@pytest.mark.parametrize("role", [Role.WINDOW_STAFF, Role.DIRECTOR])
def test_writes_are_forbidden_without_calendar_write(sign_in, seeded, role):
    browser = sign_in(make_staff(seeded, role=role))
    browser.page("/")
    r = browser.submit("/admin/calendar/overrides", {"day": "2025-03-05", "working": "0", "reason": "x"})
    assert r.status_code == 403
    r = browser.submit("/admin/calendar/import", {"text": NOTICE_2027, "action": "save"})
    assert r.status_code == 403
    r = browser.api("POST", "/api/calendar/notice", json={"text": NOTICE_2027})
    assert r.status_code == 403
    assert seeded.get(CalendarYear, 2027) is None
    assert seeded.scalar(select(CalendarOverride)) is None


def test_window_staff_cannot_read_the_calendar_pages(sign_in, seeded):
    browser = sign_in(make_staff(seeded, role=Role.WINDOW_STAFF))
    assert browser.page("/admin/calendar").status_code == 403


def test_api_day_and_due(admin_browser):
    r = admin_browser.api("GET", "/api/calendar/is-workday?date=2024-10-12")
    assert r.json() == {"date": "2024-10-12", "working": True, "reason": "国庆节调休上班", "provisional": False}
    r = admin_browser.api("GET", "/api/calendar/add-workdays?start=2026-02-13&n=1")
    assert r.json() == {"start": "2026-02-13", "n": 1, "due": "2026-02-14", "provisional": False}
    r = admin_browser.api("GET", "/api/calendar/add-workdays?start=2027-02-04&n=1")
    # 2/5-2/8 春节, then 2/9-2/10 its 补假 for the weekend days 2/6-2/7 (provisional: no notice for 2027 yet)
    assert r.json()["due"] == "2027-02-11" and r.json()["provisional"] is True


@pytest.mark.parametrize(
    "url, status, field",
    [
        ("/api/calendar/is-workday?date=2024-13-01", 422, "date"),
        ("/api/calendar/is-workday", 422, "date"),
        ("/api/calendar/add-workdays?start=2024-02-30&n=1", 422, "start"),
        ("/api/calendar/add-workdays?start=2024-02-01&n=abc", 422, "n"),
        ("/api/calendar/add-workdays?start=2024-02-01&n=-2", 422, "n"),
        ("/api/calendar/add-workdays?start=2028-02-01&n=1", 409, "start"),
    ],
)
def test_api_bad_input(admin_browser, url, status, field):
    r = admin_browser.api("GET", url)
    assert r.status_code == status
    assert r.json()["field"] == field and r.json()["message"]


def test_api_years_overrides_and_notice(admin_browser, seeded):
    years = admin_browser.api("GET", "/api/calendar/years").json()
    assert years[-2]["year"] == 2027 and years[-2]["label"] == "待核定"
    r = admin_browser.api("POST", "/api/calendar/overrides", json={"day": "2025-03-08", "working": True, "reason": "集中办理日"})
    assert r.status_code == 201
    assert [o["day"] for o in admin_browser.api("GET", "/api/calendar/overrides").json()] == ["2025-03-08"]
    assert admin_browser.api("DELETE", "/api/calendar/overrides/2025-03-08?reason=取消").status_code == 204
    assert admin_browser.api("GET", "/api/calendar/overrides").json() == []
    r = admin_browser.api("POST", "/api/calendar/notice/preview", json={"text": NOTICE_2027})
    assert r.status_code == 200 and r.json()["saved"] is False and len(r.json()["holidays"]) == 7
    assert seeded.get(CalendarYear, 2027) is None
    r = admin_browser.api("POST", "/api/calendar/notice", json={"text": NOTICE_2027})
    assert r.json()["saved"] is True
    assert admin_browser.api("GET", "/api/calendar/years").json()[-2]["year"] == 2028


def test_api_needs_csrf_token(admin_browser):
    r = admin_browser.post("/api/calendar/overrides", json={"day": "2025-03-08", "working": True, "reason": "x"})
    assert r.status_code == 403
