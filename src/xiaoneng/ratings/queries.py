"""Reading ratings: one rating and its follow-ups, lists, counts per level, indicator sets, center settings; and
the rater's follow-up comment (C4, C5)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.edits import clean_text, record_id
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, public_actor
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings.checks import COMMENT_MAX, Rater, rater_key
from xiaoneng.ratings.models import IndicatorSet, Rating, RatingFollowUp, RatingSettings


def add_follow_up(session: Session, *, rating_id: int, text: str, rater: Rater) -> RatingFollowUp:
    """A rater's later comment on their own rating; the rating itself never changes (C4, C5)."""
    rating = repo.get(session, record_id(rating_id))
    if rating is None or rating.is_default or rating.rater_key != rater_key(rater):
        raise NotFound()
    text = clean_text(text)
    if not text or len(text) > COMMENT_MAX:
        raise ValidationFailed(f"追加评价不能为空，且不超过 {COMMENT_MAX} 个字", field="text")
    follow_up = RatingFollowUp(rating_id=rating.id, text=text)
    session.add(follow_up)
    session.flush()
    audit.record(session, actor=public_actor(rating.center_id, ip=rater.ip), action="follow_up", entity="rating",
                 entity_id=rating.id, center_id=rating.center_id, detail={"follow_up": follow_up.id})
    return follow_up


def get_rating(session: Session, *, actor: Actor, rating_id: int) -> Rating:
    actor.require("ratings.read")
    return ensure_visible(repo.get(session, record_id(rating_id)), actor)


def follow_ups(session: Session, *, actor: Actor, rating_id: int) -> list[RatingFollowUp]:
    return repo.follow_ups(session, get_rating(session, actor=actor, rating_id=rating_id).id)


def list_ratings(session: Session, *, actor: Actor, page: int = 1, per_page: int = 20, **filters) -> Page:
    actor.require("ratings.read")
    return paginate(session, repo.ratings(actor=actor, **filters), page=page, per_page=per_page)


def level_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                 include_default: bool = True) -> dict[int, int]:
    """Ratings per level in a period; C4: with or without the default ratings."""
    actor.require("ratings.read")
    return repo.level_counts(session, actor=actor, start=start, end=end, include_default=include_default)


def active_indicator_set(session: Session, *, scope: str) -> IndicatorSet | None:
    return repo.active_set(session, scope)


def indicator_set(session: Session, *, set_id: int) -> IndicatorSet | None:
    return repo.indicator_set(session, set_id)


def indicator_sets(session: Session) -> list[IndicatorSet]:
    return repo.indicator_sets(session)


def rating_settings(session: Session, *, center_id: int) -> RatingSettings:
    """The center's ranking weights and disclosure settings (defaults when never saved; nothing written)."""
    return repo.settings(session, center_id) or RatingSettings(
        center_id=center_id, ranking_weights={}, withheld_item_ids=[], disclosure_delay_days=0,
        public_disclosure=True)
