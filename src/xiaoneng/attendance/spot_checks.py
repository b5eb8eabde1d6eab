"""Spot checks at the key times (巡查抽检, S3): an inspector records, at a window or a department, which of the staff
expected there was at the post. Expected: its active staff on a working day of the center's calendar, less who is
on approved leave for that half day (duty). One check per target, day and key time. Audited; the absent person and
the department's heads are told, naming the check and linking to it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import insert
from sqlalchemy.orm import Session

from xiaoneng.attendance import repository as repo
from xiaoneng.attendance import rules
from xiaoneng.attendance.models import TARGET_LABELS, SpotCheck, SpotCheckEntry, SpotCheckTarget
from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import queries as duty
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, clean_text, parse_date
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

SCHEDULE = rules.Schedule()
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$")
INSERT_BATCH = 5000


@dataclass(frozen=True)
class Target:
    kind: SpotCheckTarget
    id: int
    name: str
    department_id: int
    window_id: int | None

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.id}"


def parse_time(value, field: str = "time") -> dt.time:
    """A time typed or sent by a time field: 9:02, 09:02 or 09:02:30 (seconds dropped)."""
    text = clean_text(value)
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationFailed("请填写抽检时间，格式为 时:分（如 9:02）" if not text else
                               f"抽检时间“{text}”格式不正确，应为 时:分（如 9:02）", field=field)
    return dt.time(int(match.group(1)), int(match.group(2)))


class _Center:
    """What checks of one center read, loaded once: windows, departments, active staff, the calendar."""

    def __init__(self, session: Session, center_id: int):
        reader = system_actor(center_id)
        self.center_id = center_id
        self.calendar = calendar.get_calendar(session, center_id=center_id)
        self.windows = {w.id: w for w in org.window_choices(session, actor=reader) if w.active}
        self.departments = {d.id: d for d in org.department_choices(session, actor=reader) if d.active}
        self.staff = org.staff_choices(session, center_id=center_id)

    def target(self, value: str | tuple[str, int]) -> Target:
        kind, _, number = value.partition(":") if isinstance(value, str) else (value[0], "", str(value[1]))
        target_id = int(number) if number.isdigit() else None
        if kind == SpotCheckTarget.WINDOW and target_id in self.windows:
            w = self.windows[target_id]
            return Target(SpotCheckTarget.WINDOW, w.id, w.name, w.department_id, w.id)
        if kind == SpotCheckTarget.DEPARTMENT and target_id in self.departments:
            d = self.departments[target_id]
            return Target(SpotCheckTarget.DEPARTMENT, d.id, d.name, d.id, None)
        raise ValidationFailed("请选择抽检的窗口或科室", field="target")

    def people(self, target: Target) -> list:
        if target.kind == SpotCheckTarget.WINDOW:
            return [s for s in self.staff if s.window_id == target.id]
        return [s for s in self.staff if s.department_id == target.id]

    def key(self, day: dt.date, at: dt.time, now: dt.datetime) -> rules.KeyTime:
        info = self.calendar.explain(day)
        return rules.spot_check_key(day, at, working=info.working, day_reason=info.reason, now=now, schedule=SCHEDULE)


@dataclass
class Expected:
    target: Target
    day: dt.date
    time: dt.time
    key_time: rules.KeyTime
    people: list  # staff expected at the post, by name
    on_leave: list = field(default_factory=list)  # staff of the target away on approved leave then

    @property
    def key_label(self) -> str:
        return SCHEDULE.key_label(self.key_time)


def _expected(session: Session, center: _Center, target: Target, day: dt.date, at: dt.time,
              now: dt.datetime, leave: Mapping[int, set[int]] | None = None) -> Expected:
    key = center.key(day, at, now)
    staff = center.people(target)
    if leave is None:
        leave = duty.approved_half_slots(session, {s.id for s in staff}, day, day)
    away = [s for s in staff if rules.on_leave_at(day, key, leave.get(s.id, set()))]
    present = [s for s in staff if s not in away]
    return Expected(target=target, day=day, time=at, key_time=key, people=present, on_leave=away)


def target_choices(session: Session, *, actor: Actor) -> list[tuple[str, str]]:
    """(value, label) of every active window, then every active department, of the center."""
    actor.require("attendance.spot_check")
    center = _Center(session, actor_center_id(actor))
    names = {d.id: d.name for d in center.departments.values()}
    windows = sorted(center.windows.values(), key=lambda w: (names.get(w.department_id, ""), w.name))
    return ([(f"window:{w.id}", f"窗口：{w.name}（{names.get(w.department_id, '')}）") for w in windows] +
            [(f"department:{d.id}", f"科室：{d.name}") for d in sorted(center.departments.values(),
                                                                     key=lambda d: d.name)])


def expected_staff(session: Session, *, actor: Actor, target: str, day, time) -> Expected:
    """Who must be at the post at `target` on `day` at `time`: the form the inspector fills in."""
    actor.require("attendance.spot_check")
    center = _Center(session, actor_center_id(actor))
    chosen = center.target(clean_text(target))
    return _expected(session, center, chosen, parse_date(day, "day", required=True), parse_time(time),
                     clock.local(clock.now()))


def _unique(expected: Expected, taken: set) -> None:
    """One check per target, day and key time (`taken` also holds those of the batch so far)."""
    t = expected.target
    if (t.key, expected.day, expected.key_time.value) in taken:
        raise Conflict(f"{TARGET_LABELS[t.kind]}“{t.name}”{expected.day.isoformat()} {expected.key_label}已抽检过，"
                       "同一时段只登记一次", field="time")
    taken.add((t.key, expected.day, expected.key_time.value))


def _new_check(actor: Actor, expected: Expected, findings: list[rules.Finding], note: str) -> SpotCheck:
    t = expected.target
    return SpotCheck(center_id=actor.center_id, department_id=t.department_id, window_id=t.window_id,
                     target=t.kind, target_key=t.key, day=expected.day, time=expected.time,
                     key_time=expected.key_time, inspector_id=actor.user_id,
                     inspector_name=(actor.full_name or actor.username)[:64], note=note, expected=len(findings),
                     absent=sum(not f.present for f in findings), recorded_at=clock.now())


def _entry_rows(check: SpotCheck, expected: Expected, findings: list[rules.Finding]) -> list[dict]:
    departments = {s.id: s.department_id for s in expected.people}
    return [{"spot_check_id": check.id, "center_id": check.center_id, "staff_id": f.staff_id,
             "department_id": departments.get(f.staff_id), "day": check.day, "key_time": check.key_time,
             "present": f.present, "note": f.note} for f in findings]


def _write(session: Session, prepared: list[tuple[Expected, list[rules.Finding], str]], actor: Actor) -> list:
    """The checks, flushed together (their ids in one round trip), then every entry in batches."""
    checks = [_new_check(actor, expected, findings, note) for expected, findings, note in prepared]
    session.add_all(checks)
    session.flush()
    rows = [row for check, (expected, findings, _) in zip(checks, prepared)
            for row in _entry_rows(check, expected, findings)]
    for i in range(0, len(rows), INSERT_BATCH):
        session.execute(insert(SpotCheckEntry), rows[i:i + INSERT_BATCH])
    return checks


def _clean_note(note) -> str:
    note = clean_text(note)
    if len(note) > 500:
        raise ValidationFailed("抽检说明不能超过 500 字", field="note")
    return note


def record_spot_check(session: Session, *, actor: Actor, target: str, day, time,
                      answers: Mapping[int, tuple[str, str]], note: str = "") -> SpotCheck:
    """Record one check: `answers` gives each expected person's "present" or "absent" and a note."""
    expected = expected_staff(session, actor=actor, target=target, day=day, time=time)
    findings = rules.check_findings({s.id: s.full_name for s in expected.people}, dict(answers))
    note = _clean_note(note)
    _unique(expected, repo.taken_keys(session, center_id=actor.center_id, first=expected.day, last=expected.day))
    [check] = _write(session, [(expected, findings, note)], actor)
    names = {s.id: s.full_name for s in expected.people}
    absent = [names[f.staff_id] for f in findings if not f.present]
    audit.record(session, actor=actor, action="spot_check.create", entity="spot_check", entity_id=check.id,
                 center_id=check.center_id,
                 detail={"name": expected.target.name, "date": check.day.isoformat(), "key_time": expected.key_label,
                         "count": len(findings), "absent": absent})
    _tell(session, check=check, expected=expected, absent=[f.staff_id for f in findings if not f.present],
          names=names)
    return check


def _tell(session: Session, *, check: SpotCheck, expected: Expected, absent: list[int], names: dict) -> None:
    if not absent:
        return
    when = f"{check.day.isoformat()} {expected.key_label}"
    link = f"/attendance/spot-checks/{check.id}"
    for staff_id in absent:
        notifications.notify(session, recipient_id=staff_id, kind="spot_check", center_id=check.center_id,
                             title=f"巡查抽检：您在 {when}（{expected.target.name}）不在岗", link=link,
                             key=f"spot-check:{check.id}:{staff_id}")
    who = "、".join(names[i] for i in absent)
    notifications.notify_role(session, center_id=check.center_id, role=Role.DEPT_HEAD,
                              department_id=check.department_id, kind="spot_check", link=link,
                              title=f"巡查抽检：{expected.target.name} {when} {len(absent)} 人不在岗（{who}）",
                              key=f"spot-check-head:{check.id}")


@dataclass(frozen=True)
class PlannedCheck:
    """A check to write in bulk: everyone expected is present but those in `absent` (staff id → note)."""
    target: tuple[str, int]  # ("window", id) or ("department", id)
    day: dt.date
    time: dt.time
    absent: Mapping[int, str] = field(default_factory=dict)
    note: str = ""


def record_spot_checks(session: Session, *, actor: Actor, checks: Iterable[PlannedCheck]) -> int:
    """Write many past checks at once (a year of a center's inspections): each validated like a recorded one —
    a key time, a working day, the people expected then, one per target and key time — with one audit record for
    all and no notices (they are the record of what happened, not news). Returns how many were written."""
    actor.require("attendance.spot_check")
    checks = list(checks)
    if not checks:
        return 0
    center = _Center(session, actor_center_id(actor))
    first, last = min(c.day for c in checks), max(c.day for c in checks)
    leave = duty.approved_half_slots(session, {s.id for s in center.staff}, first, last)
    taken = repo.taken_keys(session, center_id=center.center_id, first=first, last=last)
    now = clock.local(clock.now())
    prepared = []
    for planned in checks:  # every check validated before any is written: a bad one refuses them all
        expected = _expected(session, center, center.target(planned.target), planned.day, planned.time, now, leave)
        answers = {s.id: ("absent", planned.absent[s.id]) if s.id in planned.absent else ("present", "")
                   for s in expected.people}
        answers.update({i: ("absent", n) for i, n in planned.absent.items() if i not in answers})
        findings = rules.check_findings({s.id: s.full_name for s in expected.people}, answers)
        _unique(expected, taken)
        prepared.append((expected, findings, _clean_note(planned.note)))
    _write(session, prepared, actor)
    audit.record(session, actor=actor, action="spot_check.import", entity="spot_check", center_id=center.center_id,
                 detail={"count": len(checks), "start": first.isoformat(), "end": last.isoformat()})
    return len(checks)


def key_label(check: SpotCheck) -> str:
    return SCHEDULE.key_label(rules.KeyTime(check.key_time))
