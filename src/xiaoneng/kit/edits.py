"""Small steps every service repeats when it validates and applies a change."""

from __future__ import annotations

from collections.abc import Iterable

from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.scope import Actor


def clean_text(value) -> str:
    return "" if value is None else str(value).strip()


def check(field: str, problem: str | None) -> None:
    """Raise the Chinese reason a rule gave for `field`, if any."""
    if problem:
        raise ValidationFailed(problem, field=field)


def actor_center_id(actor: Actor) -> int:
    if actor.center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    return actor.center_id


def reject_unknown(changes: dict, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for name in changes:
        if name not in allowed:
            raise ValidationFailed(f"字段 {name} 不能修改", field=name)


def record_id(value) -> int:
    """An id from a URL or a form; anything else is a record that does not exist."""
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None


def apply_changes(obj, values: dict) -> dict:
    """Set the values that differ and return {field: [old, new]} for the audit record."""
    changed = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [old, new]
            setattr(obj, name, new)
    return changed
