"""Seeding, data invariants, notice import, overrides and the change callbacks, on the real database."""

import datetime as dt
from collections import Counter

import numpy as np
import pytest
from sqlalchemy import select

from tests.calendar.notices import NOTICE_2025, NOTICE_2026, NOTICE_2027
from tests.fixtures.objects import make_center, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service
from xiaoneng.calendar.models import CalendarDay, CalendarYear, DayKind
from xiaoneng.calendar.rules import YearNotPublished
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit.scope import Actor

D = dt.date


def actor_for(staff) -> Actor:
    return Actor(user_id=staff.id, username=staff.username, role=Role(staff.role), center_id=staff.center_id,
                 department_id=staff.department_id)


@pytest.fixture
def admin(seeded):
    return actor_for(make_staff(seeded, role=Role.ADMIN))


@pytest.fixture
def changes():
    seen = []

    def callback(session, years, center_id):
        seen.append((years, center_id))

    service.on_calendar_changed(callback)
    yield seen
    service.off_calendar_changed(callback)


def test_seed_is_idempotent(db):
    written = service.seed_from_library(db)
    assert written > 700
    assert service.seed_from_library(db) == 0
    years = db.scalars(select(CalendarYear).order_by(CalendarYear.year)).all()
    assert [y.year for y in years] == list(range(2004, 2027))
    assert years[-1].notice == "国务院办公厅关于2026年部分节假日安排的通知"
    assert "国办发明电〔2024〕12号" in db.get(CalendarYear, 2025).notice
    assert all(y.source == "chinesecalendar 1.11.0" for y in years)
    assert db.scalar(select(AuditRecord).where(AuditRecord.action == "calendar.seed")) is not None


def test_seeded_names_are_chinese(seeded):
    assert seeded.get(CalendarDay, D(2024, 10, 1)).name == "国庆节"
    assert seeded.get(CalendarDay, D(2024, 10, 1)).kind == DayKind.STATUTORY
    assert seeded.get(CalendarDay, D(2024, 10, 4)).kind == DayKind.HOLIDAY
    assert seeded.get(CalendarDay, D(2024, 9, 29)).kind == DayKind.WORKDAY
    assert seeded.get(CalendarDay, D(2025, 1, 28)).kind == DayKind.STATUTORY  # 除夕 from 2025
    assert seeded.get(CalendarDay, D(2024, 2, 13)).kind == DayKind.HOLIDAY  # 初四: a 调休 rest day
    assert seeded.get(CalendarDay, D(2024, 2, 9)) is None  # 除夕 2024 was neither statutory nor a rest day


def test_invariants_over_every_seeded_year(seeded):
    days = seeded.scalars(select(CalendarDay)).all()
    rest = {d.day for d in days if d.kind != DayKind.WORKDAY}
    work = {d.day for d in days if d.kind == DayKind.WORKDAY}
    assert not rest & work
    assert all(d.weekday() >= 5 for d in work), sorted(d for d in work if d.weekday() < 5)
    statutory = Counter(d.day.year for d in days if d.kind == DayKind.STATUTORY)
    for year in range(2004, 2027):
        expected = 10 if year < 2008 else 11 if year < 2025 else 13
        if year in (2009, 2020):
            expected -= 1  # 中秋 fell on 国庆 (10月3日 and 10月1日): one date for both holidays
        assert statutory[year] == expected, year


def test_seeded_calendar_equals_library_calendar(seeded, library_calendar):
    cal = service.get_calendar(seeded)
    assert (cal.working_days == library_calendar.working_days).all()
    assert service.add_working_days(seeded, start=D(2024, 9, 30), n=1) == (D(2024, 10, 8), False)


def test_unseeded_database_uses_library_without_writing(db):
    assert service.add_working_days(db, start=D(2025, 1, 27), n=1).day == D(2025, 2, 5)
    assert db.scalar(select(CalendarYear)) is None


def test_bulk_path(seeded):
    due, provisional = service.add_working_days_many(
        seeded, starts=np.array(["2024-09-30", "2026-12-30", "2025-01-01"], dtype="datetime64[D]"), ns=np.array([1, 3, 0]))
    assert due.tolist() == [D(2024, 10, 8), D(2027, 1, 5), D(2025, 1, 1)]
    assert provisional.tolist() == [False, True, False]


def test_import_2027_makes_it_official_and_2028_provisional(seeded, admin, changes):
    assert service.add_working_days(seeded, start=D(2027, 2, 12), n=1) == (D(2027, 2, 15), True)
    with pytest.raises(YearNotPublished):
        service.add_working_days(seeded, start=D(2028, 3, 1), n=1)

    preview = service.save_notice(seeded, actor=admin, text=NOTICE_2027)

    assert preview.year == 2027
    assert changes == [({2027, 2028}, None)]
    year = seeded.get(CalendarYear, 2027)
    assert year.notice_text == NOTICE_2027 and year.source == service.NOTICE_SOURCE
    # 2/13 is a Saturday of the 春节 break and 2/14 the make-up Sunday.
    assert service.add_working_days(seeded, start=D(2027, 2, 12), n=1) == (D(2027, 2, 14), False)
    assert service.add_working_days(seeded, start=D(2028, 3, 1), n=1) == (D(2028, 3, 2), True)
    statuses = {y.year: y.status for y in service.list_years(seeded, actor=admin)}
    assert statuses[2027] == "official" and statuses[2028] == "provisional" and statuses[2029] == "unknown"
    record = seeded.scalar(select(AuditRecord).where(AuditRecord.action == "calendar.notice.save"))
    assert record.entity_id == "2027"


def test_reentering_a_year_replaces_its_rows(seeded, admin):
    service.save_notice(seeded, actor=admin, text=NOTICE_2026)
    rows = seeded.scalars(select(CalendarDay).where(CalendarDay.day >= D(2026, 1, 1))).all()
    assert {r.source for r in rows} == {"国务院办公厅关于2026年部分节假日安排的通知"}
    assert len([r for r in rows if r.kind == DayKind.STATUTORY]) == 13
    assert service.add_working_days(seeded, start=D(2026, 2, 13), n=1).day == D(2026, 2, 14)
    # A corrected 2026 text without the 元旦 make-up day: 1/4 (Sunday) becomes a rest day again.
    corrected = NOTICE_2026.replace("1月4日（周日）上班。", "")
    service.save_notice(seeded, actor=admin, text=corrected)
    assert not service.is_working_day(seeded, day=D(2026, 1, 4))


def test_parse_of_real_notices_matches_seeded_rows(seeded, admin):
    for text, year in ((NOTICE_2025, 2025), (NOTICE_2026, 2026)):
        before = service.get_calendar(seeded).working_days.copy()
        service.save_notice(seeded, actor=admin, text=text)
        assert (service.get_calendar(seeded).working_days == before).all(), year


@pytest.mark.parametrize("year", [2029, 2003])
def test_year_neither_provisional_nor_official_is_refused(seeded, admin, year):
    with pytest.raises(Conflict) as info:
        service.save_notice(seeded, actor=admin, text="元旦：1月1日放假1天。", year=year)
    assert "2027年" in info.value.message and info.value.field == "year"
    assert seeded.get(CalendarYear, year) is None


def test_notice_import_needs_write_permission(seeded):
    director = actor_for(make_staff(seeded, role=Role.DIRECTOR))
    with pytest.raises(Forbidden):
        service.save_notice(seeded, actor=director, text=NOTICE_2027)
    assert seeded.get(CalendarYear, 2027) is None


def test_override_changes_only_that_center(seeded, admin, changes):
    other = make_center(seeded)
    service.add_override(seeded, actor=admin, day=D(2025, 3, 5), working=False, reason="大厅停电检修")
    assert service.add_working_days(seeded, start=D(2025, 3, 4), n=1, center_id=admin.center_id).day == D(2025, 3, 6)
    assert service.add_working_days(seeded, start=D(2025, 3, 4), n=1, center_id=other.id).day == D(2025, 3, 5)
    assert service.add_working_days(seeded, start=D(2025, 3, 4), n=1).day == D(2025, 3, 5)
    assert changes == [({2025}, admin.center_id)]
    info = service.explain_day(seeded, day=D(2025, 3, 5), center_id=admin.center_id)
    assert not info.working and info.reason == "大厅停电检修"

    service.remove_override(seeded, actor=admin, day=D(2025, 3, 5), reason="检修取消")
    assert service.add_working_days(seeded, start=D(2025, 3, 4), n=1, center_id=admin.center_id).day == D(2025, 3, 5)
    assert changes[-1] == ({2025}, admin.center_id)
    actions = seeded.scalars(select(AuditRecord.action).where(AuditRecord.entity == "calendar_override")).all()
    assert actions == ["calendar.override.add", "calendar.override.remove"]


def test_override_working_saturday(seeded, admin):
    service.add_override(seeded, actor=admin, day=D(2025, 3, 8), working=True, reason="集中办理日")
    assert service.add_working_days(seeded, start=D(2025, 3, 7), n=1, center_id=admin.center_id).day == D(2025, 3, 8)


def test_override_needs_reason(seeded, admin):
    with pytest.raises(ValidationFailed) as info:
        service.add_override(seeded, actor=admin, day=D(2025, 3, 5), working=False, reason="  ")
    assert info.value.field == "reason"
    assert service.list_overrides(seeded, actor=admin) == []


def test_overrides_of_another_center_are_invisible(seeded, admin):
    other_admin = actor_for(make_staff(seeded, role=Role.ADMIN))
    service.add_override(seeded, actor=other_admin, day=D(2025, 3, 5), working=False, reason="停电")
    assert service.list_overrides(seeded, actor=admin) == []
    with pytest.raises(NotFound):
        service.remove_override(seeded, actor=admin, day=D(2025, 3, 5))
    assert len(service.list_overrides(seeded, actor=other_admin)) == 1


def test_cache_sees_changes_made_in_another_session(sessions, admin, seeded):
    seeded.commit()
    other = sessions()
    try:
        assert service.add_working_days(other, start=D(2025, 3, 4), n=1, center_id=admin.center_id).day == D(2025, 3, 5)
        service.add_override(seeded, actor=admin, day=D(2025, 3, 5), working=False, reason="停电")
        seeded.commit()
        # Dropping the process cache's version does not matter: the key is built from what the database holds.
        service._cache._items.clear()
        assert service.add_working_days(other, start=D(2025, 3, 4), n=1, center_id=admin.center_id).day == D(2025, 3, 6)
    finally:
        other.close()
