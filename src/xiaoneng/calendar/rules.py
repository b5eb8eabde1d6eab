"""Working-day arithmetic (SPEC B2): the start day is not counted, N working days end on the N-th one after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from xiaoneng.errors import ValidationFailed, XiaonengError

_EPOCH = dt.date(1970, 1, 1).toordinal()
WEEKEND_NAMES = {5: "周六", 6: "周日"}


class YearNotPublished(XiaonengError):
    """A date beyond the provisional year (or before the first known one): no working days can be counted there."""

    status_code = 409
    code = "calendar_year_unknown"

    def __init__(self, year: int, *, field: str | None = None, before: bool = False):
        if before:
            message = f"{year}年早于工作日历的起始年份，无法计算工作日"
        else:
            message = f"{year}年的放假安排尚未公布，无法计算工作日"
        super().__init__(message, field=field)
        self.year = year


class Due(NamedTuple):
    """A computed due date; provisional (待核定) when it lies in the year whose schedule is not yet published."""

    day: dt.date
    provisional: bool


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one date, with the reason (holiday name, 调休上班, 周末, local override)."""

    day: dt.date
    working: bool
    reason: str
    provisional: bool


def to_day_numbers(values) -> np.ndarray:
    """Dates (datetime64, date objects or ISO strings) as int64 days since 1970-01-01."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind != "M":
        arr = arr.astype("datetime64[D]")
    return arr.astype("datetime64[D]").astype(np.int64)


def day_number(day: dt.date) -> int:
    return day.toordinal() - _EPOCH


def from_day_number(n: int) -> dt.date:
    return dt.date.fromordinal(int(n) + _EPOCH)


class WorkCalendar:
    """A working-day calendar over [first_year, provisional_year]; workalendar's method names.

    `exceptions` maps a date to (working, name): rest days of holidays (working False) and make-up working days
    (working True) from the official schedules; `provisional_rest` are the computed statutory days of the
    provisional year (the year after `last_year`); `overrides` are a center's local changes, applied last.
    """

    def __init__(self, *, exceptions: Mapping[dt.date, tuple[bool, str]], first_year: int, last_year: int,
                 provisional_rest: Mapping[dt.date, str] | None = None,
                 overrides: Mapping[dt.date, tuple[bool, str]] | None = None):
        if last_year < first_year:
            raise ValueError("last_year before first_year")
        self.first_year = first_year
        self.last_year = last_year
        self.provisional_year = last_year + 1
        self._first = dt.date(first_year, 1, 1)
        self._end = dt.date(self.provisional_year, 12, 31)
        table: dict[dt.date, tuple[bool, str]] = {}
        for day, (working, name) in exceptions.items():
            if first_year <= day.year <= last_year:
                table[day] = (bool(working), name)
        for day, name in (provisional_rest or {}).items():
            if day.year == self.provisional_year:
                table[day] = (False, name)
        self.national_table = dict(table)  # national schedule and provisional statutory days, no overrides
        for day, (working, reason) in (overrides or {}).items():
            if self._first <= day <= self._end:
                table[day] = (bool(working), reason)
        self._table = table
        self.overrides = dict(overrides or {})
        start, stop = day_number(self._first), day_number(self._end) + 1
        days = np.arange(start, stop, dtype=np.int64)
        # 1970-01-01 was a Thursday: (n + 3) % 7 gives Monday = 0.
        working = ((days + 3) % 7) < 5
        if table:
            idx = np.fromiter((day_number(d) - start for d in table), dtype=np.int64, count=len(table))
            working[idx] = np.fromiter((w for w, _ in table.values()), dtype=bool, count=len(table))
        self.working_days = days[working]  # sorted day numbers of every working day in range
        self._provisional_from = day_number(dt.date(self.provisional_year, 1, 1))

    # ---- scalar API -------------------------------------------------------------------------------------------
    def _check(self, day: dt.date, field: str | None = None) -> None:
        if day < self._first:
            raise YearNotPublished(day.year, field=field, before=True)
        if day > self._end:
            raise YearNotPublished(day.year, field=field)

    def is_provisional(self, day: dt.date) -> bool:
        """True for a date in the provisional year (待核定): weekends and statutory days only, no 调休 known."""
        self._check(day)
        return day.year == self.provisional_year

    def is_working_day(self, day: dt.date) -> bool:
        self._check(day)
        entry = self._table.get(day)
        if entry is not None:
            return entry[0]
        return day.weekday() < 5

    def is_holiday(self, day: dt.date) -> bool:
        return not self.is_working_day(day)

    def explain(self, day: dt.date) -> DayInfo:
        """Whether `day` is a working day and why."""
        self._check(day)
        entry = self._table.get(day)
        if entry is not None:
            working, reason = entry
            if not reason:
                reason = "调休上班" if working else "休息日"
            elif working and day in self.national_table and day not in self.overrides:
                reason = f"{reason}调休上班"
        else:
            working = day.weekday() < 5
            reason = "工作日" if working else WEEKEND_NAMES[day.weekday()]
        return DayInfo(day, working, reason, day.year == self.provisional_year)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The end of a period of `n` working days starting on `start` (the start day itself is not counted)."""
        return self.due(start, n).day

    def due(self, start: dt.date, n: int, *, field: str | None = "start") -> Due:
        """Like add_working_days, with the 待核定 flag."""
        if n < 0:
            raise ValidationFailed("工作日数不能为负数", field="n")
        self._check(start, field)
        if n == 0:
            # 即办件: due the same day.
            return Due(start, start.year == self.provisional_year)
        s = day_number(start)
        idx = int(np.searchsorted(self.working_days, s, side="right")) + n - 1
        if idx >= len(self.working_days):
            raise YearNotPublished(self.provisional_year + 1, field="n")
        due = from_day_number(self.working_days[idx])
        return Due(due, due.year == self.provisional_year)

    def get_working_days_delta(self, start: dt.date, end: dt.date, include_start: bool = False) -> int:
        """Working days in (start, end], order-insensitive; `include_start` also counts the start if it works."""
        if start > end:
            start, end = end, start
        self._check(start, "start")
        self._check(end, "end")
        wd = self.working_days
        count = int(np.searchsorted(wd, day_number(end), side="right") - np.searchsorted(wd, day_number(start), side="right"))
        if include_start and self.is_working_day(start):
            count += 1
        return count

    def working_days_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        lo = np.searchsorted(self.working_days, day_number(start), side="left")
        hi = np.searchsorted(self.working_days, day_number(end), side="right")
        return [from_day_number(x) for x in self.working_days[lo:hi]]

    def exceptions(self, year: int) -> list[DayInfo]:
        """The year's departures from the Monday-Friday week, in date order."""
        return [self.explain(d) for d in sorted(self._table) if d.year == year]

    # ---- vectorised API ---------------------------------------------------------------------------------------
    def add_working_days_many(self, starts, ns) -> tuple[np.ndarray, np.ndarray]:
        """Due dates of many (start, n) pairs at once: (datetime64[D] array, provisional boolean array)."""
        s = to_day_numbers(starts)
        n = np.asarray(ns, dtype=np.int64)
        if s.shape != n.shape:
            raise ValidationFailed("起始日与工作日数的数量不一致", field="n")
        if s.size == 0:
            return s.astype("datetime64[D]"), np.zeros(0, dtype=bool)
        if (n < 0).any():
            raise ValidationFailed("工作日数不能为负数", field="n")
        lo, hi = int(s.min()), int(s.max())
        if lo < day_number(self._first):
            raise YearNotPublished(from_day_number(lo).year, field="start", before=True)
        if hi > day_number(self._end):
            raise YearNotPublished(from_day_number(hi).year, field="start")
        wd = self.working_days
        idx = np.searchsorted(wd, s, side="right") + n - 1
        if len(wd) == 0 or int(idx.max()) >= len(wd):
            raise YearNotPublished(self.provisional_year + 1, field="n")
        due = np.where(n == 0, s, wd[np.minimum(idx, len(wd) - 1)])
        return due.astype("datetime64[D]"), due >= self._provisional_from


    def out_of_range(self, starts, ns) -> np.ndarray:
        """Which (start, n) pairs cannot be computed: a start outside the calendar or a due date beyond it."""
        s = to_day_numbers(starts)
        n = np.asarray(ns, dtype=np.int64)
        bad = (s < day_number(self._first)) | (s > day_number(self._end)) | (n < 0)
        idx = np.searchsorted(self.working_days, s, side="right") + n - 1
        return bad | ((n > 0) & (idx >= len(self.working_days)))
