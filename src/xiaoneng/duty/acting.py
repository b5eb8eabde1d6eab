"""代岗 (E1): whose work the signed-in person holds right now, and each action they take on it recorded as acting
for the absent holder — the rows the handover record (duty/handovers.py) lists on A's return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xiaoneng.duty import queries, rules
from xiaoneng.duty import repository as repo
from xiaoneng.duty.models import Absence, AbsenceStatus, ActingAction, DutyPost, PostProxy
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org


def _away_on(session: Session, staff_id: int, at: rules.HalfDay) -> Absence | None:
    """The approved absence `staff_id` is on at the half day `at`."""
    for absence in repo.holding_absences(session, {staff_id}, at.day, at.day):
        period = rules.Period.of(absence.start_date, absence.start_half, absence.end_date, absence.end_half)
        if absence.status == AbsenceStatus.APPROVED and period.start.slot <= at.slot <= period.end.slot:
            return absence
    return None


def record(session: Session, *, actor: Actor, owner_id: int, entity: str, entity_id: int, action: str,
           summary: str, link: str, at: dt.datetime | None = None) -> dict:
    """The kit.acting recorder: an action on the work of someone away, by whoever holds their post then, is 代岗."""
    at = at or clock.now()
    half = rules.HalfDay.of_time(clock.local(at))
    absence = _away_on(session, owner_id, half)
    if absence is None or queries.covering(session, staff_id=owner_id, at=half) != actor.user_id:
        return {}
    session.add(ActingAction(center_id=absence.center_id, absence_id=absence.id, acting_staff_id=actor.user_id,
                             for_staff_id=owner_id, at=at, entity=entity, entity_id=entity_id, action=action[:64],
                             summary=summary[:300], link=link[:200]))
    session.flush()
    name = org.staff_names(session, center_id=absence.center_id, staff_ids={owner_id}).get(owner_id, "")
    return {"acting_for": owner_id, "acting_for_name": name}


@dataclass(frozen=True)
class Cover:
    """Someone whose work the actor holds now: A away, the actor their B or a leader's proxy."""
    owner_id: int
    owner_name: str
    post_name: str
    until: str  # the end of A's absence, as people read it


def covered_now(session: Session, *, actor: Actor, at: dt.datetime | None = None) -> list[Cover]:
    if actor.user_id is None:
        return []
    half = rules.HalfDay.of_time(clock.local(at or clock.now()))
    proxied = select(PostProxy.post_id).where(PostProxy.staff_id == actor.user_id, PostProxy.start_date <= half.day,
                                              PostProxy.end_date >= half.day)
    posts = list(session.scalars(select(DutyPost).where(
        DutyPost.active.is_(True), DutyPost.a_staff_id != actor.user_id,
        or_(DutyPost.b_staff_id == actor.user_id, DutyPost.id.in_(proxied))).order_by(DutyPost.id)))
    held = {}  # A's id -> (the post, A's absence) for each A away whose post the actor holds now
    for post in posts:
        if post.a_staff_id in held:
            continue
        absence = _away_on(session, post.a_staff_id, half)
        if absence is not None and queries.covering(session, staff_id=post.a_staff_id, at=half) == actor.user_id:
            held[post.a_staff_id] = (post, absence)
    if not held:
        return []
    names = org.staff_names(session, center_id=actor.center_id, staff_ids=set(held))
    return [Cover(owner_id=a_id, owner_name=names.get(a_id, ""), post_name=post.name,
                  until=rules.HalfDay(absence.end_date, rules.Half(absence.end_half)).label())
            for a_id, (post, absence) in held.items()]


def actions_of(session: Session, absence_id: int) -> list[ActingAction]:
    return list(session.scalars(select(ActingAction).where(ActingAction.absence_id == absence_id)
                                .order_by(ActingAction.at, ActingAction.id)))
