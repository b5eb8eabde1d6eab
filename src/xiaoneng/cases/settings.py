"""Per-center case settings (the due-soon warning span), edited by the center's admin and audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases.models import CaseSettings
from xiaoneng.cases.rules import DEFAULT_DUE_SOON_DAYS
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor

DUE_SOON_BOUNDS = (1, 10)  # working days left (inclusive) at which a running case is flagged 即将到期


def due_soon_days(session: Session, *, center_id: int) -> int:
    row = session.get(CaseSettings, center_id)
    return row.due_soon_days if row else DEFAULT_DUE_SOON_DAYS


def update(session: Session, *, actor: Actor, due_soon_days: str | int) -> CaseSettings:
    actor.require("org.write")
    center_id = actor_center_id(actor)
    text = str(due_soon_days).strip()
    low, high = DUE_SOON_BOUNDS
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationFailed(f"到期前提醒天数须为 {low} 至 {high} 之间的整数（工作日）", field="due_soon_days")
    row = session.get(CaseSettings, center_id)
    if row is None:
        row = CaseSettings(center_id=center_id, due_soon_days=DEFAULT_DUE_SOON_DAYS)
        session.add(row)
    before, row.due_soon_days = row.due_soon_days, int(text)
    session.flush()
    audit.record(session, actor=actor, action="update", entity="case_settings", entity_id=center_id,
                 detail={"due_soon_days": [before, row.due_soon_days]}, center_id=center_id)
    return row
