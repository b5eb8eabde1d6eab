"""Breaches of the AB-post rules for the supervisors' list: leave refused because it would have emptied a post
(空岗拒绝) and handovers not confirmed in time."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.duty import rules
from xiaoneng.duty.models import Handover, HandoverStatus, LeaveRefusal
from xiaoneng.kit import clock
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org import service as org
from xiaoneng.org.models import Department


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(), TZ),
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), TZ))


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    actor.require("duty.read")
    first, after = _day_bounds(start, end)
    refusals = list(session.scalars(scoped(select(LeaveRefusal), LeaveRefusal, actor).where(
        LeaveRefusal.at >= first, LeaveRefusal.at < after).order_by(LeaveRefusal.at)))
    late = list(session.scalars(scoped(select(Handover), Handover, actor).where(
        Handover.due_on >= start, Handover.due_on <= end, Handover.due_on < clock.today(),
        Handover.status == HandoverStatus.PENDING).order_by(Handover.due_on)))
    if not refusals and not late:
        return []
    names = org.staff_names(session, center_id=actor.center_id,
                            staff_ids={r.staff_id for r in refusals} | {h.staff_id for h in late})
    departments = org.related(session, actor=actor, model=Department,
                              ids=[r.department_id for r in refusals] + [h.department_id for h in late])
    found = []
    for r in refusals:
        period = rules.Period.of(r.start_date, r.start_half, r.end_date, r.end_half)
        found.append(Breach(
            kind="post_would_be_empty", kind_label="请假致空岗被拒", day=r.at.astimezone(TZ).date(),
            center_id=r.center_id, department_id=r.department_id,
            department_name=getattr(departments.get(r.department_id), "name", "—"), staff_id=r.staff_id,
            staff_name=names.get(r.staff_id, ""),
            summary=f"{rules.ABSENCE_LABELS[rules.AbsenceKind(r.kind)]} {period.label()} 被拒：{r.message}",
            link="/duty/posts"))
    for h in late:
        found.append(Breach(
            kind="handover_overdue", kind_label="交接记录超期未确认", day=h.due_on, center_id=h.center_id,
            department_id=h.department_id, department_name=getattr(departments.get(h.department_id), "name", "—"),
            staff_id=h.staff_id, staff_name=names.get(h.staff_id, ""),
            summary=f"请假返岗后的交接记录应于{h.due_on.month}月{h.due_on.day}日前确认，尚未确认",
            link=f"/duty/handovers/{h.id}"))
    return found

