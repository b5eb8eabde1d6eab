"""After a year's schedule is saved: the rectification due days of findings still to rectify, counted again from
the day their unit learned of them over their working days (subscribed to calendar.service.on_calendar_changed
in xiaoneng.wiring). A finding already reported rectified keeps the day it was judged against."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases.recompute import first_affected_day
from xiaoneng.inspections import rules
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.kit.scope import system_actor


def recompute_findings(session: Session, years: set[int], center_id: int | None) -> int:
    if not years:
        return 0
    stmt = select(InspectionFinding).where(InspectionFinding.status == rules.FindingStatus.OPEN,
                                           InspectionFinding.notified_on.is_not(None),
                                           InspectionFinding.due_on >= first_affected_day(years))
    if center_id is not None:
        stmt = stmt.where(InspectionFinding.center_id == center_id)
    moved: dict[int, int] = {}
    calendars: dict[int, object] = {}
    for f in session.scalars(stmt.order_by(InspectionFinding.id)):
        if f.center_id not in calendars:
            calendars[f.center_id] = calendar.get_calendar(session, center_id=f.center_id)
        due = rules.finding_due(f.notified_on, f.deadline_days, calendars[f.center_id])
        if due != f.due_on:
            f.due_on = due
            moved[f.center_id] = moved.get(f.center_id, 0) + 1
    session.flush()
    if moved:
        audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                     entity="inspection_finding", entity_id=center_id or "", center_id=center_id,
                     detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})
    return sum(moved.values())
