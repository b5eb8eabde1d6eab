"""Timed job: a 督办 notice still awaiting its reply turns due soon (the center's due-soon span, as for cases) and
overdue the day after its reply deadline; the department heads are told once per state, and the supervisor who
issued it when it is overdue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.kit.scope import system_actor
from xiaoneng.supervision import rules
from xiaoneng.supervision.models import SupervisionNotice
from xiaoneng.supervision.service import case_number, tell


def refresh_deadlines(session: Session, *, today: dt.date) -> dict:
    counts = {"checked": 0, "changed": 0, "notices": 0}
    calendars: dict[int, object] = {}
    spans: dict[int, int] = {}
    waiting = session.scalars(select(SupervisionNotice).where(SupervisionNotice.status == rules.NoticeStatus.ISSUED)
                              .order_by(SupervisionNotice.id))
    for notice in waiting:
        counts["checked"] += 1
        if notice.center_id not in calendars:
            calendars[notice.center_id] = calendar.get_calendar(session, center_id=notice.center_id)
            spans[notice.center_id] = case_settings.due_soon_days(session, center_id=notice.center_id)
        state = rules.reply_state(notice.status, notice.reply_due, today, calendars[notice.center_id],
                                  due_soon_days=spans[notice.center_id])
        if state.value == notice.deadline_state:
            continue
        audit.record(session, actor=system_actor(notice.center_id, name="job:supervision_deadlines"),
                     action="deadline", entity="supervision_notice", entity_id=notice.id, center_id=notice.center_id,
                     detail={"number": notice.number, "deadline_state": [notice.deadline_state, state.value]})
        notice.deadline_state = state.value
        counts["changed"] += 1
        if state is DeadlineState.ON_TIME:
            continue
        due = notice.reply_due.isoformat()
        title = (f"督办反馈{DEADLINE_STATE_LABELS[state]}：{notice.number}（办件 {case_number(session, notice)}，"
                 f"反馈期限 {due}）")
        body = (f"督办通知 {notice.number} 已超过反馈期限 {due}，请尽快反馈整改情况。"
                if state is DeadlineState.OVERDUE else f"督办通知 {notice.number} 须于 {due} 前反馈整改情况。")
        issuer = [notice.issued_by_id] if state is DeadlineState.OVERDUE else []
        counts["notices"] += tell(session, notice, title=title, body=body, state=state.value, people=issuer,
                                   heads=True)
    session.flush()
    return counts
