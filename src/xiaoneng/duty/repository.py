"""Queries of the AB posts: posts a person holds, absences and proxies that overlap a period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xiaoneng.duty.models import HOLDING, Absence, DutyPost, PostProxy


def posts_held_by(session: Session, staff_id: int) -> list[DutyPost]:
    return list(session.scalars(select(DutyPost).where(
        DutyPost.active.is_(True), or_(DutyPost.a_staff_id == staff_id, DutyPost.b_staff_id == staff_id))
        .order_by(DutyPost.id)))


def holding_absences(session: Session, staff_ids: set[int], start: dt.date, end: dt.date,
                     exclude_id: int | None = None) -> list[Absence]:
    """Pending and approved absences of `staff_ids` that touch the days start..end."""
    if not staff_ids:
        return []
    stmt = select(Absence).where(Absence.staff_id.in_(staff_ids), Absence.status.in_(HOLDING),
                                 Absence.start_date <= end, Absence.end_date >= start)
    if exclude_id is not None:
        stmt = stmt.where(Absence.id != exclude_id)
    return list(session.scalars(stmt.order_by(Absence.start_date, Absence.id)))


def proxies_for(session: Session, post_ids: set[int], start: dt.date, end: dt.date) -> list[PostProxy]:
    if not post_ids:
        return []
    return list(session.scalars(select(PostProxy).where(
        PostProxy.post_id.in_(post_ids), PostProxy.start_date <= end, PostProxy.end_date >= start)
        .order_by(PostProxy.id)))
