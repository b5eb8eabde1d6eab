"""Key-time absences (关键时段不在岗) as breaches for the supervisors' list: each person a spot check found absent,
and each person-day whose punches leave key times uncovered, on days the center imported punches for (a day
nobody's punches were imported for says nothing about anyone). A key time a spot check reported is not reported
again from the punches."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.attendance import repository as repo
from xiaoneng.attendance import rules
from xiaoneng.attendance.models import TARGET_LABELS, SpotCheckTarget
from xiaoneng.attendance.summary import people_in_scope
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import queries as duty
from xiaoneng.duty.rules import Half, HalfDay
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org

KIND = "key_time_absence"
KIND_LABEL = "关键时段不在岗"


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
             schedule: rules.Schedule = rules.Schedule()) -> list[Breach]:
    """The key-time absences of start..end among the people the actor's attendance scope holds (none for an
    actor without attendance.read), by day."""
    if not actor.can("attendance.read") or end < start:
        return []
    center_id = actor_center_id(actor)
    people = {s.id: s for s in people_in_scope(session, actor, center_id)}
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(center_id))}
    found: list[Breach] = []
    reported: set[tuple[int, dt.date, str]] = set()
    entries = repo.entries(session, center_id=center_id, first=start, last=end, staff_ids=set(people),
                           absent_only=True)
    checks = repo.checks_by_id(session, {e.spot_check_id for e in entries})
    windows = {w.id: w.name for w in org.window_choices(session, actor=system_actor(center_id))}
    for e in entries:
        person, check = people[e.staff_id], checks[e.spot_check_id]
        place = windows.get(check.window_id, "") if check.target == SpotCheckTarget.WINDOW else \
            departments.get(check.department_id, "")
        label = schedule.key_label(rules.KeyTime(e.key_time))
        found.append(_breach(person, departments, e.day, center_id,
                             f"{e.day.isoformat()} {label}巡查抽检不在岗（{TARGET_LABELS[SpotCheckTarget(check.target)]}"
                             f"“{place}”，抽检人 {check.inspector_name}）{('：' + e.note) if e.note else ''}",
                             f"/attendance/spot-checks/{check.id}"))
        reported.add((e.staff_id, e.day, e.key_time))
    found += _from_punches(session, center_id=center_id, people=people, departments=departments, start=start,
                           end=end, reported=reported, schedule=schedule)
    return sorted(found, key=lambda b: (b.day, b.department_name, b.staff_name))


def _from_punches(session: Session, *, center_id: int, people: dict, departments: dict, start: dt.date, end: dt.date,
                  reported: set, schedule: rules.Schedule) -> list[Breach]:
    days = repo.punched_days(session, center_id=center_id, first=start, last=end)
    cal = calendar.get_calendar(session, center_id=center_id)
    days = sorted(d for d in days if cal.is_working_day(d))
    if not days:
        return []
    punches = repo.punches(session, center_id=center_id, first=days[0], last=days[-1], staff_ids=set(people))
    leave = duty.approved_half_slots(session, set(people), days[0], days[-1])
    found = []
    for staff_id, person in people.items():
        slots = leave.get(staff_id, set())
        for day in days:
            halves = (HalfDay(day, Half.AM).slot in slots, HalfDay(day, Half.PM).slot in slots)
            r = rules.check_day(day, punches.get((staff_id, day), []), working=True, leave=halves, schedule=schedule)
            keys = [k for k in rules.KeyTime if k in r.absent_keys and (staff_id, day, k.value) not in reported]
            if keys:
                text = "、".join(schedule.key_label(k) for k in keys)
                found.append(_breach(person, departments, day, center_id,
                                     f"{day.isoformat()} 打卡记录显示关键时段不在岗：{text}",
                                     f"/attendance/staff/{staff_id}?month={day.strftime('%Y-%m')}"))
    return found


def _breach(person, departments: dict, day: dt.date, center_id: int, summary: str, link: str) -> Breach:
    return Breach(kind=KIND, kind_label=KIND_LABEL, day=day, center_id=center_id, department_id=person.department_id,
                  department_name=departments.get(person.department_id, ""), staff_id=person.id,
                  staff_name=person.full_name, summary=summary, link=link)
