"""Small steps every service repeats when it validates and applies a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.bounds import DB_INT_MAX
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
    """An id from a URL or a form; anything else, or one past what can be stored, is a record that does not exist."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
    if isinstance(value, bool) or not 1 <= number <= DB_INT_MAX:
        raise NotFound()
    return number


def apply_changes(obj, values: dict) -> dict:
    """Set the values that differ and return {field: [old, new]} for the audit record."""
    changed = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [old, new]
            setattr(obj, name, new)
    return changed


def parse_date(value, field: str, *, required: bool = False) -> dt.date | None:
    """A YYYY-MM-DD date from a form or query string; blank is None unless required."""
    text = clean_text(value)
    if not text and not required:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("日期格式应为 YYYY-MM-DD", field=field) from None


def check_period(start: dt.date | None, end: dt.date | None, *, max_days: int, too_long: str) -> tuple[dt.date, dt.date]:
    """A period of report or export: both ends given, in order, and not longer than `max_days`."""
    if start is None:
        raise ValidationFailed("请填写开始日期", field="start")
    if end is None:
        raise ValidationFailed("请填写结束日期", field="end")
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end")
    if (end - start).days >= max_days:
        raise ValidationFailed(too_long, field="end")
    return start, end
