"""Queries of the internal rankings: rating and rectification counts per department or staff member."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, func, select
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
    """(unit id, ratings, sum of levels, bad reviews, rectifications counted, rectified) per department or staff.

    Two aggregates rather than one outer join: the ratings of a year are counted from a covering index alone, and
    only the few rated with a bad review are joined to their rectifications (a join per rating cost ten times more
    at a large center's volume). count(*), not count(id): the id is not in the covering index. Ratings whose review an appeal excluded are subtracted when they are left out."""
    key = Rating.department_id if by == "department" else Rating.staff_id
    period = [key.is_not(None), Rating.rated_on >= start, Rating.rated_on <= end]
    if not include_defaults:
        period.append(Rating.is_default.is_(False))
    ratings = scoped(
        select(key, func.count(), func.coalesce(func.sum(Rating.level), 0),
               func.coalesce(func.sum(case((Rating.is_bad.is_(True), 1), else_=0)), 0))
        .where(*period).group_by(key), Rating, actor)
    excluded = Rectification.excluded.is_(True)
    one_if = lambda condition: func.coalesce(func.sum(case((condition, 1), else_=0)), 0)  # noqa: E731
    loops = scoped(
        select(key, one_if(excluded), func.coalesce(func.sum(case((excluded, Rating.level), else_=0)), 0),
               one_if(excluded & Rating.is_bad.is_(True)), one_if(~excluded),
               one_if(~excluded & Rectification.status.in_(RECTIFIED)))
        .join(Rectification, Rectification.rating_id == Rating.id).where(*period).group_by(key), Rating, actor)
    totals = {row[0]: [int(v) for v in row[1:]] + [0, 0] for row in session.execute(ratings)}
    for unit, gone, gone_levels, gone_bad, counted, rectified in session.execute(loops):
        row = totals.setdefault(unit, [0, 0, 0, 0, 0])
        if not include_excluded:
            row[0], row[1], row[2] = row[0] - int(gone), row[1] - int(gone_levels), row[2] - int(gone_bad)
        row[3], row[4] = int(counted), int(rectified)
    return [(unit, *row) for unit, row in totals.items() if row[0] > 0 or row[3] > 0]
