"""After a year's schedule is saved: the contact and rectification deadlines of every record whose loop is not
finished, recomputed from the day the bad review was received with the center's settings (rules.deadlines), with
their 待核定 flags and the current step's deadline (subscribed in xiaoneng.wiring). The timed job re-escalates."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.kit.scope import system_actor
from xiaoneng.rectification import rules
from xiaoneng.rectification.loop_settings import settings_for
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import Status

BATCH = 20000
R = Rectification


def _expire(session: Session, ids: set[int]) -> None:
    """Loaded copies of the rows about to be updated in bulk are read again on their next use."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Rectification) and obj.id in ids:
            session.expire(obj)


def recompute_deadlines(session: Session, years: set[int], center_id: int | None) -> int:
    if not years:
        return 0
    cutoff = dt.date(min(years) - 1, 12, 1)
    stmt = (select(R.id, R.center_id, R.status, R.received_on, R.contact_due, R.rectify_due, R.ledger_due,
                   R.current_due, R.contact_due_provisional, R.rectify_due_provisional)
            .where(R.status.not_in([s.value for s in rules.FINISHED]),
                   or_(R.rectify_due >= cutoff, R.contact_due >= cutoff, R.contact_due_provisional.is_(True),
                       R.rectify_due_provisional.is_(True))))
    if center_id is not None:
        stmt = stmt.where(R.center_id == center_id)
    by_center: dict[int, list] = {}
    for row in session.execute(stmt.order_by(R.center_id, R.id)):
        by_center.setdefault(row.center_id, []).append(row)
    moved: dict[int, int] = {}
    for center, found in by_center.items():
        cal = calendar.get_calendar(session, center_id=center)
        row_settings = settings_for(session, center_id=center)
        starts = np.array([r.received_on for r in found], dtype="datetime64[D]")
        contact, contact_p = cal.add_working_days_many(starts, np.full(len(found), row_settings.contact_days))
        rectify, rectify_p = cal.add_working_days_many(starts, np.full(len(found), row_settings.rectify_days))
        changes = []
        for i, r in enumerate(found):
            new = rules.Deadlines(contact_due=contact[i].item(), rectify_due=rectify[i].item())
            current = rules.current_due(Status(r.status), new, r.ledger_due) if r.status != Status.APPEALED \
                else r.current_due
            values = {"contact_due": new.contact_due, "rectify_due": new.rectify_due, "current_due": current,
                      "contact_due_provisional": bool(contact_p[i]), "rectify_due_provisional": bool(rectify_p[i])}
            if any(getattr(r, k) != v for k, v in values.items()):
                changes.append({"id": r.id, **values})
        _expire(session, {c["id"] for c in changes})
        for start in range(0, len(changes), BATCH):
            session.execute(update(Rectification), changes[start:start + BATCH])
        moved[center] = len(changes)
    audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                 entity="rectification", entity_id=center_id or "", center_id=center_id,
                 detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})
    return sum(moved.values())
