"""Dates of the generated year: working-day arithmetic through the calendar, moments of a day, the span of a year."""

from __future__ import annotations

import datetime as dt

import numpy as np

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.kit.clock import TZ


class Days:
    """Working-day arithmetic on day numbers, through the calendar's vectorised form."""

    def __init__(self, cal: WorkCalendar):
        self.cal = cal

    def add(self, starts, ns) -> np.ndarray:
        due, _ = self.cal.add_working_days_many(np.asarray(starts, dtype=np.int64), np.asarray(ns, dtype=np.int64))
        return due.astype(np.int64)

    def add_one(self, start: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(start, n)

    def between(self, start: dt.date, end: dt.date) -> int:
        return self.cal.get_working_days_delta(start, end) if end > start else 0


def at(day: dt.date, minutes: float) -> dt.datetime:
    """The moment `minutes` after midnight of `day`, Asia/Shanghai."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=TZ) + dt.timedelta(minutes=int(minutes))


def year_ending(last: dt.date) -> dt.date:
    """The first day of the year that ends on `last` (a year ending on 29 February starts on 1 March)."""
    try:
        before = last.replace(year=last.year - 1)
    except ValueError:  # 29 February
        before = last.replace(year=last.year - 1, day=28)
    return before + dt.timedelta(days=1)
