"""Findings for the supervisors' breach list: due within the days asked and not reported rectified by then (still
open after the due day, or answered late)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.inspections import rules
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.kit import clock
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org.models import Department, ServicePoint


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    actor.require("inspections.findings")
    today = clock.today()
    stmt = scoped(select(InspectionFinding), InspectionFinding, actor).where(
        InspectionFinding.due_on >= start, InspectionFinding.due_on <= end, InspectionFinding.due_on < today,
        InspectionFinding.status != rules.FindingStatus.HELD)
    found = [f for f in session.scalars(stmt.order_by(InspectionFinding.due_on, InspectionFinding.id))
             if rules.is_overdue(f.status, f.due_on, today, f.answered_on)]
    if not found:
        return []
    points = {p.id: p.name for p in session.scalars(select(ServicePoint).where(
        ServicePoint.id.in_({f.point_id for f in found})))}
    units = dict(session.execute(select(Department.id, Department.name).where(
        Department.id.in_({f.department_id for f in found if f.department_id}))).all())
    out = []
    for f in found:
        due = f"{f.due_on.month}月{f.due_on.day}日"
        if f.answered_on is None:
            kind, label, summary = "finding_overdue", "巡查问题逾期未整改", (
                f"巡查问题 {f.number}（{points.get(f.point_id, '')}）应于{due}前整改反馈，尚未反馈")
        else:
            kind, label, summary = "finding_answered_late", "巡查问题逾期反馈", (
                f"巡查问题 {f.number}（{points.get(f.point_id, '')}）应于{due}前整改反馈，"
                f"{f.answered_on.month}月{f.answered_on.day}日才反馈")
        out.append(Breach(kind=kind, kind_label=label, day=f.due_on, center_id=f.center_id,
                          department_id=f.department_id, department_name=units.get(f.department_id, "未指定"),
                          staff_id=None, staff_name="", summary=summary, link=f"/inspections/findings/{f.id}"))
    return out
