import datetime as dt

import pytest

from xiaoneng.attendance import rules
from xiaoneng.calendar import service as calendars


def t(text):
    return dt.time.fromisoformat(text)


def punches(*texts):
    return [t(x) for x in texts]


@pytest.mark.parametrize(("times", "late", "early", "missing", "absent_halves", "key_absent"), [
    (("08:52", "12:01", "12:58", "17:03"), 0, 0, 0, 0, 0),          # a normal day
    (("09:03", "12:00", "13:00", "17:00"), 1, 0, 0, 0, 0),          # late, but at the post by 9:05
    (("09:12", "12:00", "13:00", "17:00"), 1, 0, 0, 0, 1),          # late past the key time
    (("08:50", "11:50", "13:00", "16:50"), 0, 2, 0, 0, 2),          # left before both key times
    (("08:50", "11:57", "13:00", "16:58"), 0, 2, 0, 0, 0),          # early, but there at 11:55 and 16:55
    (("08:50", "13:00", "17:00"), 0, 0, 1, 0, 1),                   # no morning departure punch
    (("13:00", "17:05"), 0, 0, 0, 1, 2),                            # the morning absent
    ((), 0, 0, 0, 2, 4),                                            # the whole day absent
    (("08:30", "08:40", "12:10", "12:05", "12:45", "17:30", "18:00"), 0, 0, 0, 0, 0),  # repeats: first in, last out
])
def test_a_working_day(times, late, early, missing, absent_halves, key_absent):
    r = rules.check_day(dt.date(2026, 11, 18), punches(*times), working=True)
    assert (r.late, r.early_leave, r.missing_punches, r.absent_halves, r.key_time_absences) == (
        late, early, missing, absent_halves, key_absent)


def test_leave_exempts_its_half():
    r = rules.check_day(dt.date(2026, 11, 18), punches("13:00", "17:00"), working=True, leave=(True, False))
    assert r.checked and r.absent_halves == 0 and r.key_time_absences == 0 and r.present and r.leave_halves == 1
    whole = rules.check_day(dt.date(2026, 11, 18), [], working=True, leave=(True, True))
    assert not whole.checked and whole.leave_halves == 2


@pytest.fixture(scope="module")
def calendar():
    return calendars._library_calendar()


@pytest.mark.parametrize(("day", "checked"), [
    ("2026-10-10", True),    # the make-up Saturday after 国庆 2026 is a working day: no punches is an absence
    ("2026-10-05", False),   # a holiday: not checked, whatever the attendance system says
    ("2026-11-21", False),   # an ordinary Saturday
    ("2025-09-28", True),    # the make-up Sunday of 2025
])
def test_the_platforms_calendar_decides_which_days_are_checked(calendar, day, checked):
    d = dt.date.fromisoformat(day)
    r = rules.check_day(d, [], working=calendar.is_working_day(d))
    assert r.checked is checked and r.absent is checked


def test_a_schedule_of_its_own():
    summer = rules.Schedule(am_in=t("08:30"), am_out=t("12:00"), pm_in=t("14:30"), pm_out=t("17:30"))
    r = rules.check_day(dt.date(2026, 7, 1), punches("08:35", "12:00", "14:30", "17:30"), working=True,
                        schedule=summer)
    assert r.late == 1 and r.key_time_absences == 0
