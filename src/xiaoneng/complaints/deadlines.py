"""Hourly job `complaint_deadlines`: where each complaint a unit holds stands against its sign-for deadline, then
its answer's, as of today; the handler and the unit's head are told once per state (and round), the supervisors
too once it is overdue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications import service as notifications


def _tell(session: Session, c: Complaint, state: DeadlineState, today: dt.date) -> int:
    signing = c.status == rules.Status.ASSIGNED and not (c.due_on and today > c.due_on)
    step, due = ("签收", c.sign_by) if signing else ("答复", c.due_on)
    title = (f"{rules.KIND_LABELS[rules.Kind(c.kind)]} {c.number} {DEADLINE_STATE_LABELS[state]}"
             f"（{step}时限 {due.isoformat() if due else ''}）：{c.content[:30]}")
    common_args = {"kind": f"complaint_{state.value}", "title": title, "body": c.content,
                   "link": f"/complaints/{c.id}"}
    key = f"complaint:{c.id}:{c.round}:{c.status}:{state.value}"
    heads = notifications.notify_role(session, center_id=c.center_id, role=Role.DEPT_HEAD,
                                      department_id=c.department_id, key=key, **common_args)
    sent = len(heads)
    if c.handler_id and c.status == rules.Status.SIGNED and c.handler_id not in {n.recipient_id for n in heads}:
        sent += notifications.notify(session, recipient_id=c.handler_id, key=f"{key}:handler",
                                     center_id=c.center_id, **common_args) is not None
    if state is DeadlineState.OVERDUE:
        sent += len(notifications.notify_role(session, center_id=c.center_id, role=Role.SUPERVISOR,
                                              key=f"{key}:supervision", **common_args))
    return sent


def refresh_deadlines(session: Session, *, today: dt.date) -> dict:
    counts = {"checked": 0, "changed": 0, "notices": 0}
    calendars: dict[int, object] = {}
    spans: dict[int, int] = {}
    held = session.scalars(select(Complaint).where(Complaint.status.in_(list(rules.WITH_UNIT))).order_by(Complaint.id))
    for c in held:
        counts["checked"] += 1
        if c.center_id not in calendars:
            calendars[c.center_id] = common.calendar_of(session, c.center_id)
            spans[c.center_id] = case_settings.due_soon_days(session, center_id=c.center_id)
        state = rules.deadline_state(c.status, sign_by=c.sign_by, due_on=c.due_on, today=today,
                                     calendar=calendars[c.center_id], due_soon_days=spans[c.center_id])
        if state.value == c.deadline_state:
            continue
        audit.record(session, actor=system_actor(c.center_id, name="job:complaint_deadlines"), action="deadline",
                     entity="complaint", entity_id=c.id, center_id=c.center_id,
                     detail={"number": c.number, "deadline_state": [c.deadline_state, state.value]})
        c.deadline_state = state.value
        counts["changed"] += 1
        if state is not DeadlineState.ON_TIME:
            counts["notices"] += _tell(session, c, state, today)
    session.flush()
    return counts
