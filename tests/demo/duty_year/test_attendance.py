"""The demo's year of punches (E5): about four a working day per person on the platform's calendar, none on
holidays nor in a half on approved leave, most people rarely late and a few often, some punches missing."""

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import select

from tests.demo.duty_year.conftest import REF, START
from xiaoneng.attendance import rules
from xiaoneng.attendance import service as attendance
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.calendar import service as calendar_service
from xiaoneng.duty import queries as duty
from xiaoneng.duty.rules import Half, HalfDay
from xiaoneng.org.models import Staff


def _punches(db) -> dict[tuple[int, dt.date], list[dt.time]]:
    found = defaultdict(list)
    for staff_id, day, time in db.execute(select(PunchRecord.staff_id, PunchRecord.day, PunchRecord.time)):
        found[(staff_id, day)].append(time)
    return found


def test_punches_only_on_working_days_for_staff_at_work(db):
    staff = {s.id: s for s in db.scalars(select(Staff))}
    punches = _punches(db)
    leave = duty.approved_half_slots(db, set(staff), START, REF)
    calendars = {c: calendar_service.get_calendar(db, center_id=c) for c in {s.center_id for s in staff.values()}}
    bounds = rules.Schedule().bounds()
    for (staff_id, day), times in punches.items():
        person = staff[staff_id]
        assert person.active and START <= day <= REF and calendars[person.center_id].is_working_day(day)
        for t in times:
            half = Half.AM if t.hour * 60 + t.minute < bounds[1] else Half.PM
            assert HalfDay(day, half).slot not in leave.get(staff_id, set()), (person.full_name, day, t)
    saturdays = {d for _, d in punches if d.weekday() == 5}
    assert saturdays and all(not cal.is_holiday(d) for cal in calendars.values() for d in saturdays)  # 调休上班
    days = {d for _, d in punches}
    assert dt.date(2026, 10, 1) not in days and dt.date(2026, 2, 17) not in days  # 国庆节, 春节


def test_about_four_punches_a_day_and_the_source_of_a_raw_export(db):
    punches = _punches(db)
    sizes = Counter(len(t) for t in punches.values())
    assert sizes[4] > 0.8 * len(punches) and sizes[5] > 0 and sizes[3] > 0
    assert set(db.scalars(select(PunchRecord.source).distinct())) == {"raw"}
    # Every person's every working day has its punches unless on leave for all of it (or, rarely, absent).
    staff = list(db.scalars(select(Staff)))
    cal = calendar_service.get_calendar(db)
    assert len(punches) > 0.9 * len(staff) * len(cal.working_days_between(START, REF))


def test_a_few_people_are_often_late_most_rarely(db, year):
    admin = db.scalar(select(Staff).where(Staff.username == "admin"))
    month = f"{REF - dt.timedelta(days=40):%Y-%m}"
    summary = attendance.monthly_summary(db, actor=actor_for(admin), month=month, today=REF)
    checked = [p for p in summary if p.present_days]
    late = sorted(p.late / p.present_days for p in checked)
    assert late[len(late) // 2] < 0.05  # the median person is rarely late
    often = [r for r in late if r > 0.15]
    assert 0 < len(often) < 0.08 * len(late)  # a few often
    assert sum(p.missing_punches for p in checked) > 0 and sum(p.early_leave for p in checked) > 0
    assert sum(p.leave_days for p in summary) > 0
    assert all(p.absent_days <= 2 for p in summary)
