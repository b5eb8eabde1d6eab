"""Queries of the public disclosure: level counts per department and the bad reviews of a period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification


def _published(stmt, *, actor: Actor, start: dt.date, end: dt.date, withheld_item_ids: Iterable[int]):
    """Ratings of the period that may be shown: in scope, not of a withheld item, not judged mistaken on appeal."""
    stmt = scoped(stmt, Rating, actor).where(Rating.rated_on >= start, Rating.rated_on <= end)
    withheld = [int(i) for i in withheld_item_ids]
    if withheld:
        stmt = stmt.where(or_(Rating.item_id.is_(None), Rating.item_id.not_in(withheld)))
    return stmt.where(or_(Rectification.id.is_(None), Rectification.excluded == false()))


def level_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                 withheld_item_ids: Iterable[int]) -> list[tuple[int | None, str | None, int, bool, int]]:
    """(department id, department name, level, default?, count) for every combination present."""
    stmt = (
        select(Rating.department_id, Department.name, Rating.level, Rating.is_default, func.count(Rating.id))
        .outerjoin(Rectification, Rectification.rating_id == Rating.id)
        .outerjoin(Department, Department.id == Rating.department_id)
        .group_by(Rating.department_id, Department.name, Rating.level, Rating.is_default)
    )
    stmt = _published(stmt, actor=actor, start=start, end=end, withheld_item_ids=withheld_item_ids)
    return [tuple(row) for row in session.execute(stmt)]


def _shown_bad(stmt):
    return (stmt.outerjoin(Rectification, Rectification.rating_id == Rating.id)
            .where(Rating.is_bad.is_(True))
            .where(or_(Rectification.id.is_(None), Rectification.withheld == false())))


def count_bad_reviews(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                      withheld_item_ids: Iterable[int]) -> int:
    """How many bad reviews of the period the page lists."""
    stmt = _shown_bad(select(func.count(Rating.id)))
    return int(session.scalar(_published(stmt, actor=actor, start=start, end=end,
                                         withheld_item_ids=withheld_item_ids)) or 0)


def bad_reviews(session: Session, *, actor: Actor, start: dt.date, end: dt.date, withheld_item_ids: Iterable[int],
                limit: int = 500, offset: int = 0) -> list:
    """The bad reviews of the period with their item, department, window and rectification, newest first."""
    stmt = (
        select(Rating.id, Rating.rated_on, Rating.level, Rating.channel, Rating.comment,
               ServiceItem.name.label("item_name"), Department.name.label("department_name"),
               Window.name.label("window_name"), Rectification.status, Rectification.path,
               Rectification.measures, Rectification.explanation, Rating.rater_name,
               Staff.full_name.label("staff_name"))
        .outerjoin(Rectification, Rectification.rating_id == Rating.id)
        .outerjoin(ServiceItem, ServiceItem.id == Rating.item_id)
        .outerjoin(Department, Department.id == Rating.department_id)
        .outerjoin(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .where(Rating.is_bad.is_(True))
        .where(or_(Rectification.id.is_(None), Rectification.withheld == false()))
        .order_by(Rating.rated_on.desc(), Rating.id.desc())
        .limit(limit).offset(offset)
    )
    stmt = _published(stmt, actor=actor, start=start, end=end, withheld_item_ids=withheld_item_ids)
    return list(session.execute(stmt))
