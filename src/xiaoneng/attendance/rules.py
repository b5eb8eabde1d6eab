"""Attendance checks (SPEC E5) on the platform's calendar, whatever the attendance system's own schedule says.

A working day has two halves with a punch at each end: 上午 9:00-12:00, 下午 13:00-17:00 (per center). A punch
belongs to the expected punch it is nearest to (before 10:30 the morning arrival, 10:30-12:30 the morning
departure, 12:30-15:00 the afternoon arrival, from 15:00 the afternoon departure); of several, the earliest
arrival and the latest departure count. Then:

- late: an arrival after its time; early leave: a departure before its time;
- missing punch: a half that has one of its two punches but not the other;
- absent half: a half with neither punch; a day absent when both halves are;
- key times (S3: 9:00-9:05, 11:55-12:00, 13:00-13:05, 16:55-17:00): present at one when the punches show the
  person at the post through it (arrived by its end, or left after its start), absent otherwise.

A half covered by approved leave is exempt from all of it; a day that is not a working day (a holiday, or a
weekend that is not a make-up day) is not checked, punches or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

T = dt.time


@dataclass(frozen=True)
class Schedule:
    am_in: dt.time = T(9, 0)
    am_out: dt.time = T(12, 0)
    pm_in: dt.time = T(13, 0)
    pm_out: dt.time = T(17, 0)
    key_minutes: int = 5  # each key time is the 5 minutes after an arrival time or before a departure time

    def _minutes(self, t: dt.time) -> int:
        return t.hour * 60 + t.minute

    def bounds(self) -> tuple[int, int, int]:
        """Where one expected punch ends and the next begins, in minutes: the midpoints between them."""
        a, b, c, d = (self._minutes(t) for t in (self.am_in, self.am_out, self.pm_in, self.pm_out))
        return (a + b) // 2, (b + c) // 2, (c + d) // 2


@dataclass
class DayResult:
    day: dt.date
    checked: bool  # a working day with at least one half not on leave
    leave_halves: int = 0
    late: int = 0
    early_leave: int = 0
    missing_punches: int = 0
    absent_halves: int = 0
    key_time_absences: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def absent(self) -> bool:
        return self.checked and self.absent_halves == 2 - self.leave_halves and self.absent_halves > 0

    @property
    def present(self) -> bool:
        return self.checked and self.absent_halves < 2 - self.leave_halves


def _minute(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def sort_punches(punches: Iterable[dt.time], schedule: Schedule) -> tuple[dt.time | None, ...]:
    """The day's punches as (morning arrival, morning departure, afternoon arrival, afternoon departure)."""
    first, second, third = schedule.bounds()
    slots: list[list[dt.time]] = [[], [], [], []]
    for t in punches:
        m = _minute(t)
        slots[0 if m < first else 1 if m < second else 2 if m < third else 3].append(t)
    return (min(slots[0]) if slots[0] else None, max(slots[1]) if slots[1] else None,
            min(slots[2]) if slots[2] else None, max(slots[3]) if slots[3] else None)


def check_day(day: dt.date, punches: Iterable[dt.time], *, working: bool, leave: tuple[bool, bool] = (False, False),
              schedule: Schedule = Schedule()) -> DayResult:
    """One person's day. `leave`: whether the morning and the afternoon are covered by approved leave."""
    leave_halves = sum(leave)
    if not working or leave_halves == 2:
        return DayResult(day=day, checked=False, leave_halves=leave_halves if working else 0)
    am_in, am_out, pm_in, pm_out = sort_punches(punches, schedule)
    result = DayResult(day=day, checked=True, leave_halves=leave_halves)
    key = schedule.key_minutes
    halves = ((leave[0], am_in, am_out, schedule.am_in, schedule.am_out, "上午"),
              (leave[1], pm_in, pm_out, schedule.pm_in, schedule.pm_out, "下午"))
    for on_leave, arrived, left, due_in, due_out, label in halves:
        if on_leave:
            continue
        if arrived is None and left is None:
            result.absent_halves += 1
            result.key_time_absences += 2
            result.notes.append(f"{label}缺勤")
            continue
        if arrived is None or left is None:
            result.missing_punches += 1
            result.notes.append(f"{label}{'上班' if arrived is None else '下班'}缺卡")
        if arrived is not None and _minute(arrived) > _minute(due_in):
            result.late += 1
            result.notes.append(f"{label}迟到（{arrived.strftime('%H:%M')}）")
        if left is not None and _minute(left) < _minute(due_out):
            result.early_leave += 1
            result.notes.append(f"{label}早退（{left.strftime('%H:%M')}）")
        # At the post through the key time after the arrival time and the one before the departure time.
        if arrived is None or _minute(arrived) > _minute(due_in) + key:
            result.key_time_absences += 1
        if left is None or _minute(left) < _minute(due_out) - key:
            result.key_time_absences += 1
    return result
