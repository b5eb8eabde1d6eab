"""Ratings and cases counted for a dashboard: the rollup's days, then the days after it from the source tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.dashboards import repository as repo
from xiaoneng.dashboards.rules import Totals
from xiaoneng.kit.scope import Actor


def counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date, by: tuple[str, ...],
           staff_id: int | None = None) -> dict[tuple, Totals]:
    """Totals per key over [start, end] (of one staff member with `staff_id`): from the rollup up to its mark, and
    from the source tables after it (or for all of it while a center has no rollup yet)."""
    through = repo.rollup_through(session, actor.center_id)
    if through is None or through < start:
        return repo.source_counts(session, actor=actor, start=start, end=end, by=by, staff_id=staff_id)
    found = repo.rollup_counts(session, actor=actor, start=start, end=min(end, through), by=by, staff_id=staff_id)
    if end > through:
        for key, totals in repo.source_counts(session, actor=actor, start=through + dt.timedelta(days=1), end=end,
                                              by=by, staff_id=staff_id).items():
            found[key] = found.get(key, Totals()) + totals
    return found


def month_counts(session: Session, *, actor: Actor, months: list[dt.date], end: dt.date,
                 staff_id: int | None = None) -> list[Totals]:
    """Totals of each month of `months` (first days, oldest first), the last one up to `end`."""
    found = counts(session, actor=actor, start=months[0], end=end, by=("month",), staff_id=staff_id)
    return [found.get((f"{m.year:04d}-{m.month:02d}",), Totals()) for m in months]


def unit_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                by: str) -> dict[int | None, Totals]:
    """Totals per department or staff member over [start, end]."""
    return {key[0]: totals for key, totals in counts(session, actor=actor, start=start, end=end, by=(by,)).items()}
