"""Per-center loop settings (D6): the deadlines and alert thresholds, the seed's figures until a center saves its own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.edits import clean_text
from xiaoneng.kit.scope import Actor
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.models import LoopSettings as LoopSettingsRow

# The seed's figures (S0 art.14-15), used while a center has not saved its own settings.
DEFAULT_SETTINGS = dict(contact_days=1, rectify_days=5, callback_days=5, escalate_to_director_after_days=2,
                        due_soon_days=1, concentration_threshold=3, concentration_period_days=30)


def settings_for(session: Session, *, center_id: int) -> LoopSettingsRow:
    """The center's loop settings, or an unsaved row with the seed's defaults."""
    row = repo.settings_row(session, center_id)
    return row if row is not None else LoopSettingsRow(center_id=center_id, **DEFAULT_SETTINGS)


def _rule_settings(row: LoopSettingsRow) -> rules.LoopSettings:
    return rules.LoopSettings(contact_days=row.contact_days, rectify_days=row.rectify_days,
                              callback_days=row.callback_days,
                              escalate_to_director_after_days=row.escalate_to_director_after_days)


SETTING_FIELDS = tuple(rules.SETTING_BOUNDS)


def get_settings(session: Session, *, actor: Actor) -> LoopSettingsRow:
    """The actor's center's loop settings (the seed's defaults until saved)."""
    actor.require("rectification.read")
    if actor.center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    return settings_for(session, center_id=actor.center_id)


def update_settings(session: Session, *, actor: Actor, **values) -> LoopSettingsRow:
    """D6: change the center's deadlines and alert thresholds; records opened later use them."""
    actor.require("rectification.settings")
    if actor.center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    for name in values:
        if name not in SETTING_FIELDS:
            raise ValidationFailed(f"字段 {name} 不能修改", field=name)
    row = repo.settings_row(session, actor.center_id)
    current = {name: getattr(row, name) if row is not None else DEFAULT_SETTINGS[name] for name in SETTING_FIELDS}
    merged = {**current}
    for name, value in values.items():
        merged[name] = _int_or_raw(value)
    problems = rules.setting_problems(merged)
    if problems:
        field, reason = next(iter(problems.items()))
        raise ValidationFailed(reason, field=field)
    if row is None:
        row = LoopSettingsRow(center_id=actor.center_id, **merged)
        repo.add(session, row)
        changed = {name: [None, value] for name, value in merged.items()}
    else:
        changed = {}
        for name, value in merged.items():
            if getattr(row, name) != value:
                changed[name] = [getattr(row, name), value]
                setattr(row, name, value)
        session.flush()
    if changed:
        audit.record(session, actor=actor, action="rectification.settings", entity="loop_settings",
                     entity_id=actor.center_id, detail=changed, center_id=actor.center_id)
    return row


def _int_or_raw(value):
    if isinstance(value, bool) or isinstance(value, int):
        return value
    text = clean_text(value)
    try:
        return int(text)
    except ValueError:
        return text
