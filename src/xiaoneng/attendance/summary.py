"""The monthly attendance summary (E5): each person's month on the platform's working days against approved leave,
with the key times the punches do not show and those a spot check found empty; department totals; one person's
month day by day. Scope: the center for supervisors, directors and admins, a head their department, window staff
their own row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields

from sqlalchemy.orm import Session

from xiaoneng.attendance import repository as repo
from xiaoneng.attendance import rules
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import queries as duty
from xiaoneng.duty.rules import ABSENCE_LABELS, HALF_LABELS, AbsenceKind, Half, HalfDay, Period
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org

SUMMARY_COLUMNS = ("staff_no", "name", "department", "working_days", "present_days", "absent_days", "leave_days",
                   "late", "early_leave", "missing_punches", "key_time_absences")
COLUMN_LABELS = {"staff_no": "工号", "name": "姓名", "department": "科室", "working_days": "工作日",
                 "present_days": "出勤天数", "absent_days": "缺勤天数", "leave_days": "请假天数", "late": "迟到",
                 "early_leave": "早退", "missing_punches": "缺卡", "key_time_absences": "关键时段不在岗"}


@dataclass
class PersonMonth:
    staff_no: str
    name: str
    department: str
    working_days: int = 0
    present_days: int = 0
    absent_days: float = 0
    leave_days: float = 0
    late: int = 0
    early_leave: int = 0
    missing_punches: int = 0
    key_time_absences: int = 0  # each key time once, whether the punches or a spot check showed it
    staff_id: int | None = None
    department_id: int | None = None
    spot_check_absences: int = 0  # of key_time_absences, those a spot check found

    def row(self) -> list:
        return [getattr(self, c) for c in SUMMARY_COLUMNS]


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValidationFailed("月份格式应为 YYYY-MM", field="month") from None
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def previous_month(today: dt.date) -> str:
    """The month the summary opens on: the last complete one."""
    return (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def people_in_scope(session: Session, actor: Actor, center_id: int) -> list:
    staff = org.staff_choices(session, center_id=center_id)
    if actor.role == Role.WINDOW_STAFF:
        return [s for s in staff if s.id == actor.user_id]
    if actor.department_scoped:
        return [s for s in staff if s.department_id == actor.department_id]
    return staff


def spot_absences(session: Session, *, center_id: int, staff_ids: set[int], first: dt.date,
                  last: dt.date) -> dict[tuple[int, dt.date], set[rules.KeyTime]]:
    found: dict[tuple[int, dt.date], set[rules.KeyTime]] = defaultdict(set)
    for e in repo.entries(session, center_id=center_id, first=first, last=last, staff_ids=staff_ids,
                          absent_only=True):
        found[(e.staff_id, e.day)].add(rules.KeyTime(e.key_time))
    return found


def _leave_halves(day: dt.date, slots: set[int]) -> tuple[bool, bool]:
    return HalfDay(day, Half.AM).slot in slots, HalfDay(day, Half.PM).slot in slots


def absent_keys(result: rules.DayResult, leave: tuple[bool, bool], spotted: set[rules.KeyTime]) -> set[rules.KeyTime]:
    """The day's key-time absences: those of the punches and those a spot check found, each once; a half on
    approved leave (granted after the check too) counts none."""
    if not result.checked:
        return set()
    return result.absent_keys | {k for k in spotted if not leave[rules.key_half(k)]}


def monthly_summary(session: Session, *, actor: Actor, month: str, today: dt.date,
                    schedule: rules.Schedule = rules.Schedule(), department_id: int | None = None,
                    q: str = "") -> list[PersonMonth]:
    """Each active staff member in the actor's scope (of `department_id`, whose name or 工号 holds `q`) over the
    month's working days up to yesterday, by department and 工号."""
    actor.require("attendance.read")
    center_id = actor_center_id(actor)
    q = q.strip()
    staff = [s for s in people_in_scope(session, actor, center_id)
             if (department_id is None or s.department_id == department_id)
             and (not q or q in s.full_name or q in s.staff_no)]
    return _summarize(session, center_id=center_id, staff=staff, month=month, today=today, schedule=schedule)


def _summarize(session: Session, *, center_id: int, staff: list, month: str, today: dt.date,
               schedule: rules.Schedule) -> list[PersonMonth]:
    first, last = month_bounds(month)
    last = min(last, today - dt.timedelta(days=1))
    cal = calendar.get_calendar(session, center_id=center_id)
    days = cal.working_days_between(first, last) if last >= first else []
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(center_id))}
    ids = {s.id for s in staff}
    punches = repo.punches(session, center_id=center_id, first=first, last=last, staff_ids=ids) if days else {}
    spotted = spot_absences(session, center_id=center_id, staff_ids=ids, first=first, last=last) if days else {}
    leave = duty.approved_half_slots(session, ids, first, last)
    result = []
    for person in sorted(staff, key=lambda s: (departments.get(s.department_id, ""), s.staff_no)):
        month_row = PersonMonth(staff_no=person.staff_no, name=person.full_name,
                                department=departments.get(person.department_id, ""), working_days=len(days),
                                staff_id=person.id, department_id=person.department_id)
        slots = leave.get(person.id, set())
        for day in days:
            halves = _leave_halves(day, slots)
            r = rules.check_day(day, punches.get((person.id, day), []), working=True, leave=halves,
                                schedule=schedule)
            month_row.leave_days += sum(halves) / 2
            if r.checked:
                keys = absent_keys(r, halves, spotted.get((person.id, day), set()))
                month_row.present_days += r.present
                month_row.absent_days += r.absent_halves / 2
                month_row.late += r.late
                month_row.early_leave += r.early_leave
                month_row.missing_punches += r.missing_punches
                month_row.key_time_absences += len(keys)
                month_row.spot_check_absences += len(keys - r.absent_keys)
        result.append(month_row)
    return result


def sort_rows(rows: list[PersonMonth], column: str, descending: bool) -> list[PersonMonth]:
    if column not in SUMMARY_COLUMNS:
        raise ValidationFailed("排序字段不正确", field="sort")
    ordered = sorted(rows, key=lambda r: (r.department, r.staff_no))  # ties stay in the page's usual order
    return sorted(ordered, key=lambda r: getattr(r, column), reverse=descending)


def department_totals(rows: list[PersonMonth]) -> list[PersonMonth]:
    """One row per department: its people's days and counts added up, the month's working days as they are, and
    how many people in `name`."""
    totals: dict[str, PersonMonth] = {}
    added = [f.name for f in fields(PersonMonth) if f.name not in ("staff_no", "name", "department", "staff_id",
                                                                   "department_id", "working_days")]
    for r in rows:
        total = totals.setdefault(r.department, PersonMonth(staff_no="", name="0", department=r.department,
                                                            working_days=r.working_days,
                                                            department_id=r.department_id))
        for name in added:
            setattr(total, name, getattr(total, name) + getattr(r, name))
        total.name = str(int(total.name) + 1)
    return sorted(totals.values(), key=lambda t: t.department)


# --- one person's month ------------------------------------------------------------------------------------------

@dataclass
class DayLine:
    day: dt.date
    reason: str  # 工作日, 调休上班, 国庆节 …
    working: bool
    punches: list[dt.time]
    result: rules.DayResult
    leave: list[str] = field(default_factory=list)  # 上午病假 …
    spot_checks: list = field(default_factory=list)  # (entry, check) pairs
    key_absences: list[str] = field(default_factory=list)


def _leave_texts(absences, day: dt.date) -> list[str]:
    texts = []
    for a in absences:
        period = Period.of(a.start_date, a.start_half, a.end_date, a.end_half)
        halves = [h for h in Half if period.start.slot <= HalfDay(day, h).slot <= period.end.slot]
        if halves:
            when = "全天" if len(halves) == 2 else HALF_LABELS[halves[0]]
            texts.append(f"{when}{ABSENCE_LABELS[AbsenceKind(a.kind)]}")
    return texts


def person_month(session: Session, *, actor: Actor, staff_id: int, month: str, today: dt.date,
                 schedule: rules.Schedule = rules.Schedule()) -> tuple[object, PersonMonth, list[DayLine]]:
    """(the person, their month's row, each working day up to yesterday and each rest day with punches)."""
    actor.require("attendance.read")
    center_id = actor_center_id(actor)
    person = next((s for s in people_in_scope(session, actor, center_id) if s.id == staff_id), None)
    if person is None:
        raise NotFound()
    [row] = _summarize(session, center_id=center_id, staff=[person], month=month, today=today, schedule=schedule)
    first, last = month_bounds(month)
    last = min(last, today - dt.timedelta(days=1))
    cal = calendar.get_calendar(session, center_id=center_id)
    punches = repo.punches(session, center_id=center_id, first=first, last=last, staff_ids={person.id})
    entries = repo.entries(session, center_id=center_id, first=first, last=last, staff_ids={person.id})
    checks = repo.checks_by_id(session, {e.spot_check_id for e in entries})
    slots = duty.approved_half_slots(session, {person.id}, first, last).get(person.id, set())
    absences = duty.approved_absences(session, {person.id}, first, last)
    lines = []
    day = first
    while day <= last:
        info = cal.explain(day)
        times = sorted(punches.get((person.id, day), []))
        if info.working or times:
            halves = _leave_halves(day, slots)
            r = rules.check_day(day, times, working=info.working, leave=halves, schedule=schedule)
            spotted = [(e, checks[e.spot_check_id]) for e in entries if e.day == day]
            keys = absent_keys(r, halves, {rules.KeyTime(e.key_time) for e, _ in spotted if not e.present})
            lines.append(DayLine(day=day, reason=info.reason, working=info.working, punches=times, result=r,
                                 leave=_leave_texts(absences, day), spot_checks=spotted,
                                 key_absences=[schedule.key_label(k) for k in rules.KeyTime if k in keys]))
        day += dt.timedelta(days=1)
    return person, row, lines
