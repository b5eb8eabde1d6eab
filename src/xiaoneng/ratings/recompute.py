"""After a year's schedule is saved: the rating window of every step still open to rating, recomputed on the new
calendar from its completion day, with its 待核定 flag (subscribed in xiaoneng.wiring)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases.models import CaseStep
from xiaoneng.kit.scope import system_actor
from xiaoneng.ratings.rules import RATING_WINDOW_WORKING_DAYS

BATCH = 20000


def _expire(session: Session, ids: set[int]) -> None:
    """Loaded copies of the rows about to be updated in bulk are read again on their next use."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, CaseStep) and obj.id in ids:
            session.expire(obj)


def recompute_windows(session: Session, years: set[int], center_id: int | None) -> int:
    """The same rule as at completion (ratings.rules.rating_deadline), vectorised per center; returns how many moved."""
    if not years:
        return 0
    cutoff = dt.date(min(years) - 1, 12, 1)
    stmt = (select(CaseStep.id, CaseStep.center_id, CaseStep.completed_on, CaseStep.rating_due_on,
                   CaseStep.rating_due_provisional)
            .where(CaseStep.rating_closed.is_(False), CaseStep.completed_on.is_not(None),
                   or_(CaseStep.rating_due_on >= cutoff, CaseStep.rating_due_provisional.is_(True))))
    if center_id is not None:
        stmt = stmt.where(CaseStep.center_id == center_id)
    rows = session.execute(stmt.order_by(CaseStep.center_id, CaseStep.id)).all()
    moved: dict[int, int] = {}
    by_center: dict[int, list] = {}
    for row in rows:
        by_center.setdefault(row.center_id, []).append(row)
    for center, found in by_center.items():
        cal = calendar.get_calendar(session, center_id=center)
        starts = np.array([r.completed_on for r in found], dtype="datetime64[D]")
        due, provisional = cal.add_working_days_many(starts, np.full(len(found), RATING_WINDOW_WORKING_DAYS))
        old = np.array([r.rating_due_on for r in found], dtype="datetime64[D]")
        old_flag = np.array([bool(r.rating_due_provisional) for r in found])
        changed = np.flatnonzero((due != old) | (provisional != old_flag))
        changes = [{"id": found[i].id, "rating_due_on": due[i].item(), "rating_due_provisional": bool(provisional[i])}
                   for i in changed]
        _expire(session, {c["id"] for c in changes})
        for start in range(0, len(changes), BATCH):
            session.execute(update(CaseStep), changes[start:start + BATCH])
        moved[center] = len(changes)
    audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                 entity="case_step", entity_id=center_id or "", center_id=center_id,
                 detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})
    return sum(moved.values())
