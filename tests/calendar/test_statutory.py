"""Statutory holidays computed from the 放假办法 agree with the published schedules."""

import datetime as dt

import chinese_calendar
import pytest

from xiaoneng.calendar.statutory import qingming, spring_festival_days, statutory_dates, statutory_days

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


def test_a_provisional_year_rests_on_the_make_up_days_of_weekend_holidays():
    # 2027: 春节 2/5-2/8 with 2/6-2/7 a weekend, 劳动节 5/1-5/2 (Sat, Sun), 国庆节 10/1-10/3 with 10/2-10/3 a weekend.
    from xiaoneng.calendar.statutory import provisional_rest_dates

    rest = provisional_rest_dates(2027)
    made_up = {d: name for d, name in rest.items() if name.endswith("补假")}
    assert made_up == {
        dt.date(2027, 2, 9): "春节补假", dt.date(2027, 2, 10): "春节补假",
        dt.date(2027, 5, 3): "劳动节补假", dt.date(2027, 5, 4): "劳动节补假",
        dt.date(2027, 10, 4): "国庆节补假", dt.date(2027, 10, 5): "国庆节补假",
    }
    assert set(rest) - set(made_up) == set(statutory_dates(2027))


def test_a_year_whose_holidays_miss_the_weekends_has_no_make_up_days():
    from xiaoneng.calendar.statutory import provisional_rest_dates

    # 2031: 元旦 Wed, 春节 1/22-1/25 Wed-Sat (one Saturday: made up on Mon 1/27), 劳动节 Thu-Fri, 国庆节 Wed-Fri.
    made_up = {d for d, name in provisional_rest_dates(2031).items() if name.endswith("补假")}
    weekend = {d for d in statutory_dates(2031) if d.weekday() >= 5}
    assert len(made_up) == len(weekend)
    assert all(d.weekday() < 5 and d not in statutory_dates(2031) for d in made_up)
