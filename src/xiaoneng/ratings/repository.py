"""Every query of the ratings domain, each limited to the actor's scope."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session, joinedload

from xiaoneng.cases.models import CaseStep
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.ratings.models import IndicatorSet, Rating, RatingFollowUp, RatingSettings


def get(session: Session, rating_id: int) -> Rating | None:
    return session.get(Rating, rating_id)


def active_set(session: Session, scope: str) -> IndicatorSet | None:
    return session.scalar(select(IndicatorSet).where(IndicatorSet.scope == scope, IndicatorSet.active.is_(True))
                          .order_by(IndicatorSet.id.desc()).limit(1))


def indicator_set(session: Session, set_id: int) -> IndicatorSet | None:
    return session.get(IndicatorSet, set_id)


def indicator_sets(session: Session) -> list[IndicatorSet]:
    return list(session.scalars(select(IndicatorSet).order_by(IndicatorSet.scope, IndicatorSet.id)))


def rated(session: Session, *, step_id: int, rater_key: str) -> bool:
    return session.scalar(select(Rating.id).where(Rating.step_id == step_id, Rating.rater_key == rater_key)
                          .limit(1)) is not None


def nonce_used(session: Session, nonce: str) -> bool:
    return session.scalar(select(Rating.id).where(Rating.nonce == nonce).limit(1)) is not None


def recent_top_count(session: Session, *, center_id: int, ip: str, device_id: str, since: dt.datetime,
                     cap: int | None = None) -> int:
    """Top ratings from this address or device since `since`; with `cap`, counting stops there (a cheap test)."""
    sources = []
    if ip:
        sources.append(Rating.client_ip == ip)
    if device_id:
        sources.append(Rating.device_id == device_id)
    if not sources:
        return 0
    matches = select(Rating.id).where(Rating.center_id == center_id, Rating.level == 5, Rating.rated_at >= since,
                                      or_(*sources))
    if cap is not None:
        matches = matches.limit(cap)
    return session.scalar(select(func.count()).select_from(matches.subquery())) or 0


def load_steps(session: Session, step_ids: set[int]) -> list[CaseStep]:
    """The steps of a batch with their cases, in one query (later lookups by id hit the identity map)."""
    if not step_ids:
        return []
    return list(session.scalars(select(CaseStep).where(CaseStep.id.in_(step_ids)).options(joinedload(CaseStep.case))))


def taken_steps(session: Session, step_ids: set[int]) -> set[tuple[int, str]]:
    """(step, rater key) pairs already rated among these steps."""
    if not step_ids:
        return set()
    return set(session.execute(select(Rating.step_id, Rating.rater_key).where(Rating.step_id.in_(step_ids))).all())


def used_nonces(session: Session, nonces: set[str]) -> set[str]:
    if not nonces:
        return set()
    return set(session.scalars(select(Rating.nonce).where(Rating.nonce.in_(nonces))))


def steps_past_window(session: Session, *, today: dt.date, limit: int) -> list[CaseStep]:
    """Completed steps whose rating window closed before today and that have no rating yet."""
    return list(session.scalars(select(CaseStep).where(
        CaseStep.rating_closed.is_(False), CaseStep.completed_at.is_not(None), CaseStep.rating_due_on < today,
    ).order_by(CaseStep.id).limit(limit)))


def ratings(*, actor: Actor, level: int | None = None, channel: str | None = None, bad_only: bool = False,
            include_default: bool = True, flagged: bool = False, start: dt.date | None = None,
            end: dt.date | None = None, department_id: int | None = None) -> Select:
    stmt = scoped(select(Rating), Rating, actor)
    if level:
        stmt = stmt.where(Rating.level == level)
    if channel:
        stmt = stmt.where(Rating.channel == channel)
    if bad_only:
        stmt = stmt.where(Rating.is_bad.is_(True))
    if not include_default:
        stmt = stmt.where(Rating.is_default.is_(False))
    if flagged:
        stmt = stmt.where(cast(Rating.flags, String) != "[]")  # JSON has no equality on PostgreSQL
    if start:
        stmt = stmt.where(Rating.rated_on >= start)
    if end:
        stmt = stmt.where(Rating.rated_on <= end)
    if department_id:
        stmt = stmt.where(Rating.department_id == department_id)
    return stmt.order_by(Rating.rated_at.desc(), Rating.id.desc())


def level_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                 include_default: bool = True) -> dict[int, int]:
    stmt = scoped(select(Rating.level, func.count(Rating.id)), Rating, actor).where(
        Rating.rated_on >= start, Rating.rated_on <= end)
    if not include_default:
        stmt = stmt.where(Rating.is_default.is_(False))
    return dict(session.execute(stmt.group_by(Rating.level)).all())


def follow_ups(session: Session, rating_id: int) -> list[RatingFollowUp]:
    return list(session.scalars(select(RatingFollowUp).where(RatingFollowUp.rating_id == rating_id)
                                .order_by(RatingFollowUp.created_at)))


def settings(session: Session, center_id: int) -> RatingSettings | None:
    return session.get(RatingSettings, center_id)
