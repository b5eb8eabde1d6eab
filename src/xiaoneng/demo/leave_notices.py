"""The inbox notices of the demo's leave, as duty.service and the leave_deadlines job send them (same titles, links
and keys): each undecided leave with whoever decides it, the decisions of the last days with the person who asked,
and the reminders of undecided leave about to begin."""

from __future__ import annotations

import datetime as dt

from xiaoneng.auth.rules import Role
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.demo.days import at
from xiaoneng.duty import rules
from xiaoneng.duty.deadlines import leave_state
from xiaoneng.duty.models import AbsenceStatus
from xiaoneng.kit.clock import TZ

RECENT_DAYS = 3  # decisions this recent are still in the asker's inbox, the last day's unread


def _period(r: dict) -> rules.Period:
    return rules.Period.of(r["start_date"], r["start_half"], r["end_date"], r["end_half"])


def notices(rows: list[tuple[int, dict]], staff: list, names: dict[int, str], ref: dt.date) -> list[dict]:
    people = {s.id: s for s in staff}
    heads: dict[int, list[int]] = {}
    directors: dict[int, list[int]] = {}
    for s in staff:
        if s.role == Role.DEPT_HEAD and s.active:
            heads.setdefault(s.department_id, []).append(s.id)
        elif s.role == Role.DIRECTOR and s.active:
            directors.setdefault(s.center_id, []).append(s.id)
    found = []
    for absence_id, r in rows:
        person = people[r["staff_id"]]
        kind = rules.ABSENCE_LABELS[rules.AbsenceKind(r["kind"])]
        label = _period(r).label()
        link = f"/duty/absences/{absence_id}"
        common = dict(center_id=r["center_id"], kind="duty_absence", link=link)
        if r["status"] == AbsenceStatus.PENDING:
            # The person's department head, or the center's directors for a head's, a director's or a leave
            # without a department head (duty.service._tell_deciders).
            recipients = []
            if person.role not in (Role.DEPT_HEAD, Role.DIRECTOR) and r["department_id"] is not None:
                recipients = heads.get(r["department_id"], [])
            recipients = recipients or directors.get(r["center_id"], [])
            title = f"{names[person.id]} 申请{kind}：{label}（{r['working_days']:g} 个工作日），待审批"
            found += [dict(common, key=f"duty-absence-request:{absence_id}:{rid}", recipient_id=rid, title=title,
                           body=r["reason"], created_at=r["created_at"], read_at=None) for rid in recipients]
        elif r["decided_at"] is not None and r["decided_at"].date() >= ref - dt.timedelta(days=RECENT_DAYS):
            verdict = "已批准" if r["status"] != AbsenceStatus.REFUSED else "未批准"
            decided = r["decided_at"]
            found.append(dict(common, key=f"duty-absence-decided:{absence_id}", recipient_id=person.id,
                              title=f"您的{kind}申请（{label}）{verdict}", body=r["decision_note"], created_at=decided,
                              read_at=None if decided.date() >= ref else decided + dt.timedelta(hours=1)))
    return found


def reminders(rows: list[tuple[int, dict]], staff: list, names: dict[int, str], ref: dt.date, calendars: dict,
              spans: dict[int, int]) -> list[dict]:
    """What the hourly leave_deadlines job has sent by the end of `ref` about leave still undecided that begins
    within the due-soon span (its keys, so that its next run adds nothing): to the deciders, at the first run after
    the request on the day the leave turned due soon."""
    people = {s.id: s for s in staff}
    found = []
    for absence_id, r in rows:
        if r["status"] != AbsenceStatus.PENDING:
            continue
        cal, span = calendars[r["center_id"]], spans[r["center_id"]]
        state = leave_state(r["start_date"], ref, cal, span)
        if state is DeadlineState.ON_TIME:
            continue
        day = r["created_at"].astimezone(TZ).date()
        while leave_state(r["start_date"], day, cal, span) is DeadlineState.ON_TIME:
            day += dt.timedelta(days=1)
        sent = max(r["created_at"] + dt.timedelta(hours=1), at(day, 8 * 60))
        person = people[r["staff_id"]]
        heads = [s.id for s in staff if s.role == Role.DEPT_HEAD and s.active and s.id != person.id
                 and s.department_id == r["department_id"]] if r["department_id"] else []
        recipients = heads or [s.id for s in staff if s.role == Role.DIRECTOR and s.active
                               and s.center_id == r["center_id"] and s.id != person.id]
        kind = rules.ABSENCE_LABELS[rules.AbsenceKind(r["kind"])]
        title = f"请假审批{DEADLINE_STATE_LABELS[state]}：{names[person.id]} {kind} {_period(r).label()}，尚未审批"
        found += [dict(key=f"duty-absence:{absence_id}:{state.value}:{rid}", center_id=r["center_id"], recipient_id=rid,
                       kind=f"duty_absence_{state.value}", title=title, body="", link=f"/duty/absences/{absence_id}",
                       created_at=sent, read_at=None) for rid in recipients]
    return found
