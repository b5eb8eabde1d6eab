"""Timed job: referrals fall due soon and overdue from today's date; the assignee and the department head are told
once per state, and an overdue referral is escalated to the center's supervisors (督办)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications import service as notifications


def _tell(session: Session, referral: Referral, inquiry: Inquiry, state: DeadlineState) -> int:
    due = referral.acknowledge_by if referral.status == rules.ReferralStatus.OPEN else referral.answer_by
    step = "签收" if referral.status == rules.ReferralStatus.OPEN else "答复"
    title = f"转办咨询{DEADLINE_STATE_LABELS[state]}：{inquiry.number}（{step}时限 {due.isoformat()}）"
    common = {"kind": f"inquiry_{state.value}", "title": title, "body": inquiry.content,
              "link": f"/inquiries/{inquiry.id}", "center_id": referral.center_id}
    key = f"inquiry:{referral.id}:{referral.status}:{state.value}"
    sent = 0
    if referral.assigned_staff_id:
        sent += notifications.notify(session, recipient_id=referral.assigned_staff_id, key=f"{key}:assignee",
                                     **common) is not None
    sent += len(notifications.notify_role(session, role=Role.DEPT_HEAD, department_id=referral.department_id,
                                          key=key, **common))
    if state is DeadlineState.OVERDUE:
        sent += len(notifications.notify_role(session, role=Role.SUPERVISOR, key=f"{key}:supervision", **common))
    return sent


def refresh_deadlines(session: Session, *, today: dt.date) -> dict:
    counts = {"checked": 0, "changed": 0, "notices": 0}
    calendars: dict[int, object] = {}
    spans: dict[int, int] = {}
    open_ones = session.scalars(select(Referral).where(Referral.status != rules.ReferralStatus.ANSWERED)
                                .order_by(Referral.id))
    for referral in open_ones:
        counts["checked"] += 1
        if referral.center_id not in calendars:
            calendars[referral.center_id] = calendar.get_calendar(session, center_id=referral.center_id)
            spans[referral.center_id] = case_settings.due_soon_days(session, center_id=referral.center_id)
        state = rules.referral_state(referral.status, acknowledge_by=referral.acknowledge_by,
                                     answer_by=referral.answer_by, today=today,
                                     calendar=calendars[referral.center_id], due_soon_days=spans[referral.center_id])
        if state.value == referral.deadline_state:
            continue
        inquiry = session.get(Inquiry, referral.inquiry_id)
        audit.record(session, actor=system_actor(referral.center_id, name="job:inquiry_deadlines"),
                     action="deadline", entity="inquiry", entity_id=inquiry.id, center_id=referral.center_id,
                     detail={"referral": referral.id, "deadline_state": [referral.deadline_state, state.value]})
        referral.deadline_state = state.value
        counts["changed"] += 1
        if state is not DeadlineState.ON_TIME:
            counts["notices"] += _tell(session, referral, inquiry, state)
    session.flush()
    return counts
