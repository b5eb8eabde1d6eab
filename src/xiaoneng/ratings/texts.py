"""Texts of ratings that speak of staff conduct (a rating's comment, a rater's follow-up), read in id order from a
watermark for scans that go through everything once (the conduct scan, E4); rows without a text are not read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.kit.staff_text import StaffText
from xiaoneng.ratings.models import Rating, RatingFollowUp


def comments_after(session: Session, after_id: int, limit: int = 2000) -> list[StaffText]:
    rows = session.execute(select(Rating.id, Rating.center_id, Rating.department_id, Rating.staff_id, Rating.comment)
                           .where(Rating.id > after_id, Rating.comment != "").order_by(Rating.id).limit(limit))
    return [StaffText(id=r.id, center_id=r.center_id, department_id=r.department_id, staff_id=r.staff_id,
                      text=r.comment or "", link=f"/ratings/{r.id}") for r in rows]


def follow_ups_after(session: Session, after_id: int, limit: int = 2000) -> list[StaffText]:
    rows = session.execute(select(RatingFollowUp.id, RatingFollowUp.text, RatingFollowUp.rating_id, Rating.center_id,
                                  Rating.department_id, Rating.staff_id)
                           .join(Rating, Rating.id == RatingFollowUp.rating_id)
                           .where(RatingFollowUp.id > after_id, RatingFollowUp.text != "")
                           .order_by(RatingFollowUp.id).limit(limit))
    return [StaffText(id=r.id, center_id=r.center_id, department_id=r.department_id, staff_id=r.staff_id,
                      text=r.text or "", link=f"/ratings/{r.rating_id}") for r in rows]


def rated_comments(session: Session, center_id: int) -> list[tuple[str, int]]:
    """(comment, level) of the center's ratings that carry a comment, for training the sentiment of comments on the
    center's own words; the default 满意 is nobody's judgement and is left out."""
    rows = session.execute(select(Rating.comment, Rating.level)
                           .where(Rating.center_id == center_id, Rating.comment != "", Rating.is_default.is_(False))
                           .order_by(Rating.id))
    return [(r.comment, int(r.level)) for r in rows]
