"""After a year's schedule is saved: the reply deadlines of notices still awaiting their reply, recounted from the
day each was issued, with their 待核定 flag (subscribed to calendar.service.on_calendar_changed in xiaoneng.wiring)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases.recompute import first_affected_day
from xiaoneng.kit.scope import system_actor
from xiaoneng.supervision import rules
from xiaoneng.supervision.models import SupervisionNotice


def recompute_replies(session: Session, years: set[int], center_id: int | None) -> int:
    if not years:
        return 0
    stmt = select(SupervisionNotice).where(
        SupervisionNotice.status == rules.NoticeStatus.ISSUED,
        or_(SupervisionNotice.reply_due >= first_affected_day(years), SupervisionNotice.reply_due_provisional.is_(True)))
    if center_id is not None:
        stmt = stmt.where(SupervisionNotice.center_id == center_id)
    moved: dict[int, int] = {}
    calendars: dict[int, object] = {}
    for notice in session.scalars(stmt.order_by(SupervisionNotice.id)):
        if notice.center_id not in calendars:
            calendars[notice.center_id] = calendar.get_calendar(session, center_id=notice.center_id)
        due = calendars[notice.center_id].due(notice.issued_on, notice.reply_days)
        if (notice.reply_due, notice.reply_due_provisional) != (due.day, due.provisional):
            notice.reply_due, notice.reply_due_provisional = due.day, due.provisional
            moved[notice.center_id] = moved.get(notice.center_id, 0) + 1
    session.flush()
    if moved:
        audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                     entity="supervision_notice", entity_id=center_id or "", center_id=center_id,
                     detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})
    return sum(moved.values())
