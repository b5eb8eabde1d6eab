"""Timed job: overdue and due-soon follow from today's date, not from the last event added to a case."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import repository as repo
from xiaoneng.cases import rules
from xiaoneng.cases import settings
from xiaoneng.cases.models import Case
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org


def _heads(session: Session, case: Case) -> list[int]:
    page = org.list_staff(session, actor=system_actor(case.center_id), role=Role.DEPT_HEAD,
                          department_id=case.department_id, per_page=200)
    return [s.id for s in page.items]


def _notify(session: Session, case: Case, state: rules.DeadlineState, recipients: list[int]) -> int:
    item = session.get(ServiceItem, case.item_id)
    label = rules.DEADLINE_STATE_LABELS[state]
    due = case.due_on.isoformat() if case.due_on else ""
    title = f"办件{label}：{case.number} {item.name if item else ''}（办结时限 {due}）"
    body = (f"办件 {case.number} 已超过办结时限 {due}，请尽快办结。" if state is rules.DeadlineState.OVERDUE
            else f"办件 {case.number} 须于 {due} 前办结。")
    sent = 0
    for rid in sorted(set(recipients)):
        # One notice per case, state and due date: an extension (new due date) warns again.
        note = notifications.notify(session, recipient_id=rid, kind=f"case_{state.value}", title=title, body=body,
                                    link=f"/cases/{case.id}", key=f"case:{case.id}:{state.value}:{due}:{rid}",
                                    center_id=case.center_id)
        sent += note is not None
    return sent


def refresh_deadlines(session: Session, *, today: dt.date) -> dict:
    """Store each open case's overdue / due-soon state as of `today` and tell its handler and department head once."""
    counts = {"checked": 0, "changed": 0, "notices": 0}
    spans: dict[int, int] = {}
    calendars: dict[int, object] = {}
    for case in repo.running_cases(session):
        counts["checked"] += 1
        if case.center_id not in calendars:
            calendars[case.center_id] = calendar.get_calendar(session, center_id=case.center_id)
            spans[case.center_id] = settings.due_soon_days(session, center_id=case.center_id)
        state = rules.deadline_state(case.clock_status, case.due_on, today, calendars[case.center_id],
                                     due_soon_days=spans[case.center_id])
        overdue = state is rules.DeadlineState.OVERDUE
        if state.value == case.deadline_state and overdue == case.overdue:
            continue
        change = {"deadline_state": [case.deadline_state, state.value], "overdue": [case.overdue, overdue]}
        case.deadline_state, case.overdue = state.value, overdue
        counts["changed"] += 1
        audit.record(session, actor=system_actor(case.center_id, name="job:case_deadlines"), action="deadline",
                     entity="case", entity_id=case.id, detail=change, center_id=case.center_id)
        if state is not rules.DeadlineState.ON_TIME:
            recipients = ([case.handler_id] if case.handler_id else []) + _heads(session, case)
            counts["notices"] += _notify(session, case, state, recipients)
    session.flush()
    return counts
