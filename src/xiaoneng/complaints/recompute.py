"""After a year's schedule is saved (a holiday notice or a center's override): the deadlines of complaints still
awaiting their answer counted again from the day they count from, with their 待核定 flag, and the sign-for day of
those not yet signed for (subscribed to calendar.service.on_calendar_changed in xiaoneng.wiring). Where each then
stands (due soon, overdue) is left to the hourly complaint_deadlines job, which also tells the people concerned."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases.recompute import first_affected_day
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor

AWAITING = (rules.Status.NEW, rules.Status.ASSIGNED, rules.Status.SIGNED)  # not yet answered


def recompute_complaints(session: Session, years: set[int], center_id: int | None) -> int:
    if not years:
        return 0
    first = first_affected_day(years)
    stmt = select(Complaint).where(
        Complaint.status.in_([str(s) for s in AWAITING]),
        or_(Complaint.due_on >= first, Complaint.due_provisional.is_(True), Complaint.sign_by >= first))
    if center_id is not None:
        stmt = stmt.where(Complaint.center_id == center_id)
    moved: dict[int, int] = {}
    calendars: dict[int, tuple] = {}
    for c in session.scalars(stmt.order_by(Complaint.id)):
        if c.center_id not in calendars:
            calendars[c.center_id] = (common.calendar_of(session, c.center_id),
                                      common.settings_for(session, c.center_id).sign_days)
        cal, sign_days = calendars[c.center_id]
        before = (c.due_on, c.due_provisional, c.sign_by)
        if c.due_from is not None and c.due_days is not None:
            due = cal.due(c.due_from, c.due_days, field=None)
            c.due_on, c.due_provisional = due.day, due.provisional
        if c.status == rules.Status.ASSIGNED and c.assigned_at is not None:
            c.sign_by = rules.sign_by(clock.local(c.assigned_at).date(), cal, sign_days)
        if (c.due_on, c.due_provisional, c.sign_by) != before:
            moved[c.center_id] = moved.get(c.center_id, 0) + 1
    session.flush()
    if moved:
        audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                     entity="complaint", entity_id=center_id or "", center_id=center_id,
                     detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})
    return sum(moved.values())
