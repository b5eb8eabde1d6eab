"""Statutory holidays computed from the 全国年节及纪念日放假办法 (lunar dates and the 清明 solar term, never typed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from lunar_python import Lunar, Solar

NEW_YEAR = "元旦"
SPRING = "春节"
QINGMING = "清明节"
LABOUR = "劳动节"
DRAGON_BOAT = "端午节"
MID_AUTUMN = "中秋节"
NATIONAL = "国庆节"

HOLIDAY_ORDER = (NEW_YEAR, SPRING, QINGMING, LABOUR, DRAGON_BOAT, MID_AUTUMN, NATIONAL)


@dataclass(frozen=True)
class StatutoryDay:
    day: dt.date
    name: str


def _lunar(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def qingming(year: int) -> dt.date:
    """The day of the 清明 solar term (4 or 5 April)."""
    term = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"]
    return dt.date(term.getYear(), term.getMonth(), term.getDay())


def spring_festival_days(year: int) -> list[dt.date]:
    first = _lunar(year, 1, 1)
    # 除夕 is the last day of the twelfth lunar month, which has 29 or 30 days: take 初一 minus one day.
    eve = first - dt.timedelta(days=1)
    if year >= 2025:
        # 国务院令第795号 (2024 revision, from 2025-01-01): 除夕 and 正月初一 to 初三.
        return [eve, first, first + dt.timedelta(days=1), first + dt.timedelta(days=2)]
    if year >= 2014:
        # 国务院令第644号 (2013 revision, from 2014-01-01): 正月初一 to 初三.
        return [first, first + dt.timedelta(days=1), first + dt.timedelta(days=2)]
    if year >= 2008:
        # 国务院令第513号 (2007 revision, from 2008-01-01): 除夕, 正月初一 and 初二.
        return [eve, first, first + dt.timedelta(days=1)]
    # 国务院令第270号 (1999 revision): 正月初一 to 初三.
    return [first, first + dt.timedelta(days=1), first + dt.timedelta(days=2)]


@lru_cache(maxsize=512)
def _statutory_days(year: int) -> tuple[StatutoryDay, ...]:
    days = [StatutoryDay(dt.date(year, 1, 1), NEW_YEAR)]
    days += [StatutoryDay(d, SPRING) for d in spring_festival_days(year)]
    if year >= 2008:
        days.append(StatutoryDay(qingming(year), QINGMING))
    if year >= 2025:
        labour = [dt.date(year, 5, 1), dt.date(year, 5, 2)]
    elif year >= 2008:
        labour = [dt.date(year, 5, 1)]
    else:
        labour = [dt.date(year, 5, 1), dt.date(year, 5, 2), dt.date(year, 5, 3)]
    days += [StatutoryDay(d, LABOUR) for d in labour]
    if year >= 2008:
        days.append(StatutoryDay(_lunar(year, 5, 5), DRAGON_BOAT))
        days.append(StatutoryDay(_lunar(year, 8, 15), MID_AUTUMN))
    days += [StatutoryDay(dt.date(year, 10, d), NATIONAL) for d in (1, 2, 3)]
    # A lunar holiday can fall on a fixed one (中秋 on 10月3日 in 2028): one rest day carrying both names.
    merged: dict[dt.date, str] = {}
    for d in days:
        merged[d.day] = f"{merged[d.day]}、{d.name}" if d.day in merged else d.name
    return tuple(StatutoryDay(day, name) for day, name in sorted(merged.items()))


def statutory_days(year: int) -> list[StatutoryDay]:
    """Statutory rest days of `year` in date order: 10 before 2008, 11 to 2024, 13 from 2025 (one less on a clash)."""
    return list(_statutory_days(year))


def statutory_dates(year: int) -> dict[dt.date, str]:
    return {d.day: d.name for d in statutory_days(year)}


def _make_up_days(holidays: dict[dt.date, str]) -> dict[dt.date, str]:
    """补假 of one year's statutory days: 全国年节及纪念日放假办法 art. 6, a holiday of all citizens that falls on
    a Saturday or Sunday is made up on working days. Each run of consecutive holidays gives as many days as it has
    weekend days, taken from the first weekdays after it that are not holidays themselves."""
    made_up: dict[dt.date, str] = {}
    runs: list[list[dt.date]] = []
    for day in sorted(holidays):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        owed = sum(1 for d in run if d.weekday() >= 5)
        day = run[-1]
        while owed:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays and day not in made_up:
                made_up[day] = f"{holidays[run[-1]]}补假"
                owed -= 1
    return made_up


def provisional_rest_dates(year: int) -> dict[dt.date, str]:
    """The rest days of a year whose 国务院办公厅 notice is not out yet: its statutory days and their 补假 (art. 6).
    The notice, when it comes, replaces them (it usually also moves weekends around, which no rule predicts)."""
    rest = statutory_dates(year)
    return {**rest, **_make_up_days(rest)}
