"""Work done by someone acting for an absent colleague (代岗, E1), as the domains announce it.

Cases, inquiries and the bad-review loop call `note(...)` when they change a record that is someone's work; the
AB-post domain (installed by xiaoneng.wiring) records the action as 代岗 when the owner is away and the actor holds
their post, and returns what the action's audit record adds. Kept here so that those domains need not import duty,
which reads their settings."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy.orm import Session

from xiaoneng.kit.scope import Actor


class Recorder(Protocol):
    def __call__(self, session: Session, *, actor: Actor, owner_id: int | None, entity: str, entity_id: int,
                 action: str, summary: str, link: str, at: dt.datetime | None = None) -> dict: ...


_recorder: Recorder | None = None


def install(recorder: Recorder | None) -> None:
    global _recorder
    _recorder = recorder


def note(session: Session, *, actor: Actor, owner_id: int | None, entity: str, entity_id: int, action: str,
         summary: str, link: str, at: dt.datetime | None = None) -> dict:
    """Record the action as 代岗 when it is one; the audit detail to add to the action's record ({} otherwise).

    `owner_id` is whose work the record is (the case's handler, the referral's assignee, the rated staff member);
    `action` and `summary` are what the handover record shows, in Chinese."""
    if _recorder is None or owner_id is None or actor.user_id is None or owner_id == actor.user_id:
        return {}
    return _recorder(session, actor=actor, owner_id=owner_id, entity=entity, entity_id=entity_id, action=action,
                     summary=summary, link=link, at=at)
