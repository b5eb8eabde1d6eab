"""What the use cases of the loop share: loading a record for a step, its deadlines, recipients, input checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org_service
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.models import Rectification


def _deadlines(rect: Rectification) -> rules.Deadlines:
    return rules.Deadlines(contact_due=rect.contact_due, rectify_due=rect.rectify_due)


def _staff_with_role(session: Session, *, center_id: int, role: Role, department_id: int | None = None) -> list:
    if role is Role.DEPT_HEAD and department_id is None:
        return []
    page = org_service.list_staff(session, actor=system_actor(center_id), role=role, department_id=department_id,
                                  per_page=200)
    return page.items


def _notify(session: Session, **kw) -> int:
    """One in-app notice; a `key` already used means it was sent before: 0 then, else 1."""
    return 0 if notifications.notify(session, **kw) is None else 1


def _link(rect: Rectification) -> str:
    return f"/rectifications/{rect.id}"


def _ref(rect: Rectification) -> str:
    """How people name a record: its number, as on its page's title (差评整改 #12)."""
    return f"#{rect.id}"


def _day(day: dt.date) -> str:
    return day.isoformat()


def get_rectification(session: Session, *, actor: Actor, rectification_id) -> Rectification:
    """One record the actor may see, else NotFound."""
    actor.require("rectification.read")
    return ensure_visible(repo.get(session, record_id(rectification_id)), actor)


def _load(session: Session, actor: Actor, rectification_id, permission: str) -> Rectification:
    actor.require(permission)
    rect = ensure_visible(repo.get_for_update(session, record_id(rectification_id)), actor)
    return rect


def _moment(at: dt.datetime | None) -> dt.datetime:
    return clock.local(at) if at is not None else clock.now()


def _text(value, *, field: str, label: str, max_len: int = 2000, required: bool = True) -> str:
    text = clean_text(value)
    check(field, text_problem(text, label=label, max_len=max_len, required=required))
    return text


def _level(value, *, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed("满意度须为 1 至 5 的整数", field=field) from None
    if isinstance(value, bool) or not 1 <= number <= 5:
        raise ValidationFailed("满意度须为 1 至 5 的整数", field=field)
    return number


def _date(value, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(clean_text(value))
    except ValueError:
        raise ValidationFailed(f"{label}须为日期（如 2026-03-31）", field=field) from None
