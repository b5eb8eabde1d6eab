"""Which comparisons a report may make: a period the platform's data does not cover from its first day (the first
months of use) would set a whole period against a part of one, so its figures show — and no sentence speaks of
them; an annual report compares with the year before only (同比)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings.models import Rating
from xiaoneng.reports import rules


def first_day(session: Session, *, center_id: int) -> dt.date | None:
    """The first day the center holds a case or a rating of (two index lookups)."""
    received = session.scalar(select(func.min(Case.received_at)).where(Case.center_id == center_id))
    rated = session.scalar(select(func.min(Rating.rated_on)).where(Rating.center_id == center_id))
    days = [d for d in (received.astimezone(TZ).date() if received else None, rated) if d is not None]
    return min(days) if days else None


def comparable(session: Session, center_id: int, period: rules.Period) -> tuple[bool, bool]:
    """(the period before may be compared, the period a year before may be)."""
    first = first_day(session, center_id=center_id)
    covered = lambda p: first is not None and first <= p.start  # noqa: E731
    return period.kind == rules.MONTH and covered(rules.previous(period)), covered(rules.year_ago(period))


def previous_covered(session: Session, center_id: int, period: rules.Period) -> bool:
    """Whether the period before (the month before, or the year before a year) is covered whole: the units' rises
    and falls are written only against such a period."""
    first = first_day(session, center_id=center_id)
    return first is not None and first <= rules.previous(period).start


def blank(session: Session, center_id: int, period: rules.Period, metrics: list[rules.Metric]) -> list[rules.Metric]:
    before, ago = comparable(session, center_id, period)
    return [replace(m, previous=m.previous if before else None, year_ago=m.year_ago if ago else None)
            for m in metrics]
