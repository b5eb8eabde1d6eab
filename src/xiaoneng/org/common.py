"""Helpers org's services share: record ids from forms, visible records, (de)activation with its audit, and the
department a window or staff member belongs to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.accounts import end_sessions
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import edits
from xiaoneng.kit.scope import Actor, ensure_visible
from xiaoneng.org import repository as repo
from xiaoneng.org.models import Department, Staff


def optional_id(value, field: str) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool):
        raise ValidationFailed("须为记录编号（整数）", field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed("须为记录编号（整数）", field=field) from None


def visible(session: Session, model, record_id, actor: Actor):
    return ensure_visible(repo.get(session, model, edits.record_id(record_id)), actor)


def set_active(session: Session, *, actor: Actor, obj, entity: str, active: bool):
    if obj.active != active:
        obj.active = active
        if isinstance(obj, Staff) and not active:
            end_sessions(obj)  # a deactivated user's open sessions end now, not at their expiry
        session.flush()
        audit.record(session, actor=actor, action=f"{entity}.{'activate' if active else 'deactivate'}", entity=entity,
                     entity_id=obj.id, detail={"code": getattr(obj, "code", None) or getattr(obj, "staff_no", None)},
                     center_id=obj.center_id)
    return obj


def department_in_center(session: Session, department_id: int | None, center_id: int, *, field: str = "department_id",
                          current: int | None = None) -> Department:
    dept = repo.get(session, Department, department_id) if department_id else None
    if dept is None or dept.center_id != center_id:
        raise ValidationFailed("所属科室不存在或不属于本中心", field=field)
    if not dept.active and dept.id != current:
        raise ValidationFailed(f"所属科室已停用：{dept.name}", field=field)
    return dept
