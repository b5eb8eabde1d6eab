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
from enum import StrEnum

from xiaoneng.duty.rules import Half, HalfDay
from xiaoneng.errors import ValidationFailed

T = dt.time


class KeyTime(StrEnum):
    """The four key times of S3 (重点考勤时间段), named by the punch they follow or precede."""
    AM_IN = "am_in"
    AM_OUT = "am_out"
    PM_IN = "pm_in"
    PM_OUT = "pm_out"


KEY_TIME_NAMES = {KeyTime.AM_IN: "上午上班", KeyTime.AM_OUT: "上午下班", KeyTime.PM_IN: "下午上班",
                  KeyTime.PM_OUT: "下午下班"}


@dataclass(frozen=True)
class Schedule:
    am_in: dt.time = T(9, 0)
    am_out: dt.time = T(12, 0)
    pm_in: dt.time = T(13, 0)
    pm_out: dt.time = T(17, 0)
    key_minutes: int = 5  # each key time is the 5 minutes after an arrival time or before a departure time

    def _minutes(self, t: dt.time) -> int:
        return t.hour * 60 + t.minute

    def key_window(self, key: KeyTime) -> tuple[dt.time, dt.time]:
        """The minutes of a key time: the 5 after an arrival time, the 5 before a departure time."""
        at = {KeyTime.AM_IN: self.am_in, KeyTime.AM_OUT: self.am_out, KeyTime.PM_IN: self.pm_in,
              KeyTime.PM_OUT: self.pm_out}[key]
        m = self._minutes(at)
        start, end = (m, m + self.key_minutes) if key in (KeyTime.AM_IN, KeyTime.PM_IN) else (m - self.key_minutes, m)
        return T(start // 60, start % 60), T(end // 60, end % 60)

    def key_label(self, key: KeyTime) -> str:
        """上午上班（9:00-9:05）"""
        start, end = self.key_window(key)
        return f"{KEY_TIME_NAMES[key]}（{_clock(start)}-{_clock(end)}）"

    def key_time_at(self, t: dt.time) -> KeyTime | None:
        """The key time a moment falls in (both ends included), or None outside all four."""
        m = self._minutes(t)
        for key in KeyTime:
            start, end = self.key_window(key)
            if self._minutes(start) <= m <= self._minutes(end):
                return key
        return None

    def windows_text(self) -> str:
        """9:00-9:05、11:55-12:00、13:00-13:05、16:55-17:00"""
        return "、".join("-".join(_clock(t) for t in self.key_window(k)) for k in KeyTime)

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
    absent_keys: set[KeyTime] = field(default_factory=set)  # the key times the punches do not show at the post
    notes: list[str] = field(default_factory=list)

    @property
    def absent(self) -> bool:
        return self.checked and self.absent_halves == 2 - self.leave_halves and self.absent_halves > 0

    @property
    def present(self) -> bool:
        return self.checked and self.absent_halves < 2 - self.leave_halves


def _minute(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def _clock(t: dt.time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def key_half(key: KeyTime) -> int:
    """The half day a key time belongs to: 0 the morning, 1 the afternoon (as duty's Half)."""
    return 0 if key in (KeyTime.AM_IN, KeyTime.AM_OUT) else 1


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
    halves = ((leave[0], am_in, am_out, schedule.am_in, schedule.am_out, "上午", KeyTime.AM_IN, KeyTime.AM_OUT),
              (leave[1], pm_in, pm_out, schedule.pm_in, schedule.pm_out, "下午", KeyTime.PM_IN, KeyTime.PM_OUT))
    for on_leave, arrived, left, due_in, due_out, label, key_in, key_out in halves:
        if on_leave:
            continue
        if arrived is None and left is None:
            result.absent_halves += 1
            result.absent_keys |= {key_in, key_out}
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
            result.absent_keys.add(key_in)
        if left is None or _minute(left) < _minute(due_out) - key:
            result.absent_keys.add(key_out)
    result.key_time_absences = len(result.absent_keys)
    return result


# --- spot checks at the key times (巡查抽检, S3 "重点考勤时间段人员必须在岗") --------------------------------------------
# An inspector goes to a window or a department at one of the key times and notes who of those expected is at the
# post. Expected: the staff of that window or department, on a working day of the platform's calendar, but not who
# is away on approved leave for that half day. Someone found absent has a key-time absence, whatever the punches say.

NOTE_MAX = 200


def spot_check_key(day: dt.date, at: dt.time, *, working: bool, day_reason: str, now: dt.datetime,
                   schedule: Schedule = Schedule()) -> KeyTime:
    """The key time a spot check at `day` `at` belongs to, or the Chinese reason it cannot be recorded.
    `now` is the local time: a check is recorded after it was made, never ahead."""
    key = schedule.key_time_at(at)
    if key is None:
        raise ValidationFailed(f"抽检时间须在重点考勤时间段内（{schedule.windows_text()}），{_clock(at)} 不在其中",
                               field="time")
    if not working:
        raise ValidationFailed(f"{day.isoformat()} 是{day_reason}，不是工作日，无需抽检", field="day")
    if dt.datetime.combine(day, at) > now.replace(tzinfo=None, second=0, microsecond=0):
        raise ValidationFailed("抽检时间晚于现在：只能登记已进行的抽检", field="time")
    return key


def on_leave_at(day: dt.date, key: KeyTime, leave_slots: set[int]) -> bool:
    """Whether approved leave (duty's half-day slots) covers the half day of the key time."""
    return HalfDay(day, Half(key_half(key))).slot in leave_slots


@dataclass(frozen=True)
class Finding:
    staff_id: int
    present: bool
    note: str


def check_findings(expected: dict[int, str], answers: dict[int, tuple[str, str]]) -> list[Finding]:
    """Each expected person's answer ("present" or "absent", a note) as findings, in the order expected; refused,
    naming the person, when one is left unanswered, an answer is neither, a note is too long, or an answer names
    someone not expected (on leave, of another window)."""
    for staff_id in answers:
        if staff_id not in expected:
            raise ValidationFailed("所填人员不在本次抽检的应在岗人员中（可能已请假或不属于该窗口、科室），请重新打开抽检表",
                                   field=f"present_{staff_id}")
    findings = []
    for staff_id, name in expected.items():
        answer, note = answers.get(staff_id, ("", ""))
        if answer not in ("present", "absent"):
            raise ValidationFailed(f"请为 {name} 选择“在岗”或“不在岗”", field=f"present_{staff_id}")
        note = note.strip()
        if len(note) > NOTE_MAX:
            raise ValidationFailed(f"{name} 的说明不能超过 {NOTE_MAX} 字", field=f"note_{staff_id}")
        findings.append(Finding(staff_id=staff_id, present=answer == "present", note=note))
    if not findings:
        raise ValidationFailed("该时段没有应在岗人员（均已请假或未配置人员），无需登记", field="target")
    return findings
