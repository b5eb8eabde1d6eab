"""The center's notice number prefix (锦政服告), edited by its admin and audited; unset, it is derived from the
center's name (notices.rules.default_prefix)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.kit.edits import actor_center_id, check, clean_text
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notices import rules
from xiaoneng.notices.models import NoticeSettings
from xiaoneng.org import service as org


def prefix_of(session: Session, *, center_id: int) -> str:
    row = session.get(NoticeSettings, center_id)
    if row is not None:
        return row.notice_prefix
    return rules.default_prefix(org.get_center(session, actor=system_actor(center_id)).name)


def update(session: Session, *, actor: Actor, notice_prefix: str) -> NoticeSettings:
    """Numbers given from now on carry the new prefix; notices already issued keep theirs."""
    actor.require("org.write")
    center_id = actor_center_id(actor)
    prefix = clean_text(notice_prefix)
    check("notice_prefix", rules.prefix_problem(prefix))
    before = prefix_of(session, center_id=center_id)
    row = session.get(NoticeSettings, center_id)
    if row is None:
        row = NoticeSettings(center_id=center_id, notice_prefix=prefix)
        session.add(row)
    row.notice_prefix = prefix
    session.flush()
    audit.record(session, actor=actor, action="update", entity="notice_settings", entity_id=center_id,
                 center_id=center_id, detail={"notice_prefix": [before, prefix]})
    return row
