"""Working-day arithmetic on real dates (SPEC B2), scalar and vectorised."""

import datetime as dt

import chinese_calendar
import numpy as np
import pytest

from xiaoneng.calendar.rules import WorkCalendar, YearNotPublished
from xiaoneng.calendar.statutory import statutory_dates
from xiaoneng.errors import ValidationFailed, XiaonengError

D = dt.date


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2024, 9, 29), True),  # Sunday, 国庆 make-up day
        (D(2024, 10, 12), True),  # Saturday, 国庆 make-up day
        *[(D(2024, 10, d), False) for d in range(1, 8)],
        (D(2024, 10, 8), True),
        (D(2025, 1, 26), True),  # Sunday, 春节 make-up day
        (D(2025, 2, 8), True),  # Saturday, 春节 make-up day
        *[(D(2025, 1, 28) + dt.timedelta(days=i), False) for i in range(8)],  # 春节 1/28-2/4
        (D(2025, 2, 5), True),
        *[(D(2026, 2, 15) + dt.timedelta(days=i), False) for i in range(9)],  # 春节 2/15-2/23
        (D(2026, 2, 14), True),
        (D(2026, 2, 28), True),
        (D(2026, 2, 24), True),
        (D(2025, 5, 3), False),
        (D(2025, 4, 27), True),
        (D(2025, 10, 6), False),  # 中秋 inside 国庆 2025
        (D(2024, 11, 2), False),  # an ordinary Saturday
        (D(2024, 11, 4), True),
    ],
)
def test_is_working_day(library_calendar, day, working):
    assert library_calendar.is_working_day(day) is working


@pytest.mark.parametrize(
    "start, n, due",
    [
        (D(2024, 9, 30), 1, D(2024, 10, 8)),  # Monday before 国庆: next working day after the holiday
        (D(2024, 9, 27), 1, D(2024, 9, 29)),  # Friday → the make-up Sunday counts
        (D(2024, 9, 27), 2, D(2024, 9, 30)),
        (D(2024, 9, 27), 3, D(2024, 10, 8)),
        (D(2024, 9, 30), 5, D(2024, 10, 12)),  # 10/8..10/11 then the make-up Saturday
        (D(2024, 10, 3), 1, D(2024, 10, 8)),  # start on a holiday: the next working day is day 1
        (D(2024, 10, 12), 1, D(2024, 10, 14)),  # start on a make-up Saturday
        (D(2024, 10, 12), 0, D(2024, 10, 12)),
        (D(2025, 1, 24), 1, D(2025, 1, 26)),  # 春节 2025
        (D(2025, 1, 26), 1, D(2025, 1, 27)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 1, 27), 4, D(2025, 2, 8)),
        (D(2025, 4, 30), 1, D(2025, 5, 6)),  # 劳动节 2025
        (D(2025, 4, 25), 1, D(2025, 4, 27)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),  # 春节 2026
        (D(2026, 2, 14), 1, D(2026, 2, 24)),
        (D(2026, 2, 20), 3, D(2026, 2, 26)),
        (D(2026, 2, 24), 4, D(2026, 2, 28)),
        (D(2024, 11, 1), 20, D(2024, 11, 29)),
        (D(2024, 11, 2), 0, D(2024, 11, 2)),  # 即办件 on a Saturday: same day
        (D(2024, 11, 2), 1, D(2024, 11, 4)),  # start on a weekend
    ],
)
def test_add_working_days(library_calendar, start, n, due):
    assert library_calendar.add_working_days(start, n) == due
    assert library_calendar.due(start, n).provisional is False


@pytest.mark.parametrize(
    "start, end, include_start, expected",
    [
        (D(2024, 9, 30), D(2024, 10, 8), False, 1),
        (D(2024, 9, 30), D(2024, 10, 8), True, 2),
        (D(2024, 10, 8), D(2024, 9, 30), False, 1),  # order does not matter
        (D(2024, 10, 1), D(2024, 10, 7), True, 0),
        (D(2025, 1, 1), D(2025, 1, 31), False, 19),
        (D(2024, 11, 1), D(2024, 11, 29), False, 20),
        (D(2024, 11, 1), D(2024, 11, 1), False, 0),
    ],
)
def test_working_days_delta(library_calendar, start, end, include_start, expected):
    assert library_calendar.get_working_days_delta(start, end, include_start=include_start) == expected


def test_delta_inverts_add(library_calendar):
    start = D(2025, 9, 26)
    for n in range(0, 40):
        assert library_calendar.get_working_days_delta(start, library_calendar.add_working_days(start, n)) == n


def test_provisional_year_is_flagged(library_calendar):
    assert library_calendar.last_year == 2026
    due = library_calendar.due(D(2026, 12, 30), 3)
    assert due.day == D(2027, 1, 5)  # 12/31, then 元旦 2027 (Friday) and the weekend, 1/4, 1/5
    assert due.provisional is True
    assert library_calendar.is_provisional(D(2027, 6, 1))
    assert not library_calendar.is_provisional(D(2026, 6, 1))
    assert library_calendar.is_working_day(D(2027, 2, 8)) is False  # 初三 of 2027 computed statutory day


def test_provisional_calendar_is_weekends_statutory_days_and_their_make_up_days(library_calendar):
    from xiaoneng.calendar.statutory import provisional_rest_dates

    statutory = provisional_rest_dates(2027)  # with 补假 on 2/9-2/10, 5/3-5/4 and 10/4-10/5 (art. 6)
    assert not library_calendar.is_working_day(D(2027, 2, 9)) and not library_calendar.is_working_day(D(2027, 10, 5))
    day = D(2027, 1, 1)
    while day.year == 2027:
        expected = day.weekday() < 5 and day not in statutory
        assert library_calendar.is_working_day(day) is expected, day
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("call", [
    lambda c: c.is_working_day(D(2028, 1, 3)),
    lambda c: c.add_working_days(D(2028, 3, 1), 1),
    lambda c: c.add_working_days(D(2027, 12, 30), 5),  # runs into 2028
    lambda c: c.add_working_days_many(np.array(["2026-01-05", "2028-01-05"], dtype="datetime64[D]"), np.array([1, 1])),
])
def test_beyond_provisional_year_is_refused(library_calendar, call):
    with pytest.raises(YearNotPublished) as info:
        call(library_calendar)
    assert "2028年的放假安排尚未公布" in info.value.message
    assert isinstance(info.value, XiaonengError) and info.value.status_code == 409


def test_negative_count_is_refused(library_calendar):
    with pytest.raises(ValidationFailed):
        library_calendar.add_working_days(D(2025, 3, 3), -1)


def test_vectorised_equals_scalar_on_random_sample(library_calendar):
    rng = np.random.default_rng(20240929)
    holidays = np.array([d for d in chinese_calendar.holidays if d.year >= 2024], dtype="datetime64[D]")
    random_days = np.datetime64("2024-01-01") + rng.integers(0, 365 * 3, 3000)
    starts = np.concatenate([random_days, holidays])
    ns = rng.integers(0, 31, starts.size)
    due, provisional = library_calendar.add_working_days_many(starts, ns)
    for s, n, d, p in zip(starts.tolist(), ns.tolist(), due.tolist(), provisional.tolist(), strict=True):
        expected = library_calendar.due(s, n)
        assert (d, p) == (expected.day, expected.provisional)
    assert provisional.any()


def test_scalar_equals_library_day_by_day(library_calendar):
    rng = np.random.default_rng(7)
    for _ in range(300):
        start = D(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 700)))
        n = int(rng.integers(1, 25))
        day, left = start, n
        while left:
            day += dt.timedelta(days=1)
            left -= chinese_calendar.is_workday(day)
        assert library_calendar.add_working_days(start, n) == day


def test_overrides_apply_on_top():
    cal = WorkCalendar(exceptions={D(2025, 10, 1): (False, "国庆节")}, first_year=2025, last_year=2025,
                       overrides={D(2025, 3, 5): (False, "本地停电闭厅"), D(2025, 3, 8): (True, "集中办理日")})
    assert cal.is_working_day(D(2025, 3, 5)) is False
    assert cal.is_working_day(D(2025, 3, 8)) is True
    assert cal.explain(D(2025, 3, 5)).reason == "本地停电闭厅"
    assert cal.add_working_days(D(2025, 3, 4), 1) == D(2025, 3, 6)
