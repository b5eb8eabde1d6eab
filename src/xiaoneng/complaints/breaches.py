"""Overdue complaints for the supervisors' breach list: a complaint whose unit had not answered by its deadline,
dated the day after that deadline (of its current round of handling)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.kit import clock
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.scope import Actor, scoped, system_actor
from xiaoneng.org import service as org

KIND, LABEL = "complaint_overdue", "投诉超期"


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    """Complaints late in [start, end]: still held past the deadline, or answered after it."""
    actor.require("complaints.read")
    first_late, last_late = start - dt.timedelta(days=1), end - dt.timedelta(days=1)
    stmt = scoped(select(Complaint).where(Complaint.due_on >= first_late, Complaint.due_on <= last_late,
                                          Complaint.status != rules.Status.MERGED), Complaint, actor)
    today = clock.today()
    reader = system_actor(actor.center_id)
    departments = {d.id: d.name for d in org.department_choices(session, actor=reader)}
    found = []
    for c in session.scalars(stmt.order_by(Complaint.due_on, Complaint.id)):
        held = c.status in rules.WITH_UNIT and today > c.due_on
        answered_late = c.answered_at is not None and clock.local(c.answered_at).date() > c.due_on
        if not (held or answered_late):
            continue
        how = "未答复" if held else f"于{clock.local(c.answered_at):%m月%d日}答复"
        staff = org.staff_names(session, center_id=c.center_id, staff_ids={c.handler_id}) if c.handler_id else {}
        found.append(Breach(kind=KIND, kind_label=LABEL, day=c.due_on + dt.timedelta(days=1), center_id=c.center_id,
                            department_id=c.department_id, department_name=departments.get(c.department_id, ""),
                            staff_id=c.handler_id, staff_name=staff.get(c.handler_id, ""),
                            summary=f"{rules.KIND_LABELS[rules.Kind(c.kind)]} {c.number} 超期{how}"
                                    f"（应于{c.due_on.month}月{c.due_on.day}日前答复）",
                            link=f"/complaints/{c.id}"))
    return found
