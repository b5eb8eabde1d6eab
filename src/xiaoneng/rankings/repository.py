"""Queries of the internal rankings: rating and rectification counts per department or staff member."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, false, func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.ratings.models import Rating, RatingSettings
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import Status

RECTIFIED = (Status.CALLED_BACK.value, Status.CLOSED.value)


def settings(session: Session, center_id: int) -> RatingSettings | None:
    return session.get(RatingSettings, center_id)


def add_settings(session: Session, row: RatingSettings) -> RatingSettings:
    session.add(row)
    session.flush()
    return row


def unit_counts(session: Session, *, actor: Actor, by: str, start: dt.date, end: dt.date, include_defaults: bool,
                include_excluded: bool) -> list[tuple[int, int, int, int, int, int]]:
    """(unit id, ratings, sum of levels, bad reviews, rectifications counted, rectified) per department or staff."""
    key = Rating.department_id if by == "department" else Rating.staff_id
    counted_rect = (Rectification.id.is_not(None)) & (Rectification.excluded == false())
    stmt = (
        select(
            key,
            func.count(Rating.id),
            func.coalesce(func.sum(Rating.level), 0),
            func.coalesce(func.sum(case((Rating.is_bad.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((counted_rect, 1), else_=0)), 0),
            func.coalesce(func.sum(case((counted_rect & Rectification.status.in_(RECTIFIED), 1), else_=0)), 0),
        )
        .outerjoin(Rectification, Rectification.rating_id == Rating.id)
        .where(key.is_not(None), Rating.rated_on >= start, Rating.rated_on <= end)
        .group_by(key)
    )
    if not include_defaults:
        stmt = stmt.where(Rating.is_default.is_(False))
    if not include_excluded:
        stmt = stmt.where(or_(Rectification.id.is_(None), Rectification.excluded == false()))
    stmt = scoped(stmt, Rating, actor)
    return [tuple(int(v) for v in row) for row in session.execute(stmt)]
