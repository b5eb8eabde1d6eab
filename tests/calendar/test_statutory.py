"""Statutory holidays computed from the 放假办法 agree with the published schedules."""

import datetime as dt

import chinese_calendar
import pytest

from xiaoneng.calendar.statutory import qingming, spring_festival_days, statutory_days

D = dt.date


@pytest.mark.parametrize("year, count", [(2007, 10), (2010, 11), (2014, 11), (2024, 11), (2020, 10), (2009, 10), (2025, 13), (2026, 13), (2027, 13)])
def test_counts(year, count):
    assert len(statutory_days(year)) == count


@pytest.mark.parametrize(
    "year, days",
    [
        (2025, [D(2025, 1, 28), D(2025, 1, 29), D(2025, 1, 30), D(2025, 1, 31)]),  # 除夕 + 初一..初三
        (2026, [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19)]),  # 除夕 is 腊月二十九 in 2026
        (2024, [D(2024, 2, 10), D(2024, 2, 11), D(2024, 2, 12)]),
        (2012, [D(2012, 1, 22), D(2012, 1, 23), D(2012, 1, 24)]),  # 除夕..初二
    ],
)
def test_spring_festival(year, days):
    assert spring_festival_days(year) == days


@pytest.mark.parametrize("year, day", [(2024, D(2024, 4, 4)), (2025, D(2025, 4, 4)), (2026, D(2026, 4, 5)), (2027, D(2027, 4, 5))])
def test_qingming(year, day):
    assert qingming(year) == day


def test_2028_mid_autumn_on_national_day_is_one_day():
    days = {d.day: d.name for d in statutory_days(2028)}
    assert days[D(2028, 10, 3)] == "国庆节、中秋节" or days[D(2028, 10, 3)] == "中秋节、国庆节"
    assert len(days) == 12


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_statutory_day_is_a_rest_day_in_the_library(year):
    for s in statutory_days(year):
        assert not chinese_calendar.is_workday(s.day), (s.day, s.name)
