"""Sign-in: check a password, build the actor of a session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.auth.passwords import hash_password, verify_password
from xiaoneng.auth.rules import Role
from xiaoneng.db import utcnow
from xiaoneng.errors import NotAuthenticated, NotFound, ValidationFailed
from xiaoneng.kit.scope import SYSTEM, Actor
from xiaoneng.org.models import Staff

MIN_PASSWORD_LENGTH = 8
_DUMMY_HASH = hash_password("timing-equaliser")


def actor_for(staff: Staff, *, ip: str = "") -> Actor:
    return Actor(
        user_id=staff.id, username=staff.username or staff.staff_no, role=Role(staff.role), center_id=staff.center_id,
        department_id=staff.department_id, window_id=staff.window_id, ip=ip, full_name=staff.full_name,
    )


def authenticate(session: Session, *, username: str, password: str, ip: str = "") -> Actor:
    from xiaoneng.audit import service as audit

    from xiaoneng.org import service as org  # org's service imports this module for password rules

    staff = org.find_staff_by_username(session, actor=SYSTEM, username=username)
    if staff is None:
        verify_password(_DUMMY_HASH, password)  # same cost whether or not the user exists
        raise NotAuthenticated("用户名或密码错误", field="username")
    if not staff.active or not verify_password(staff.password_hash, password):
        raise NotAuthenticated("用户名或密码错误", field="username")
    staff.last_login_at = utcnow()
    actor = actor_for(staff, ip=ip)
    audit.record(session, actor=actor, action="auth.login", entity="staff", entity_id=staff.id)
    return actor


def load_actor(session: Session, user_id: int, *, ip: str = "") -> Actor | None:
    from xiaoneng.org import service as org  # org's service imports this module for password rules

    try:
        staff = org.get_staff(session, actor=SYSTEM, staff_id=user_id)
    except NotFound:
        return None
    if not staff.active or not staff.username:
        return None
    return actor_for(staff, ip=ip)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少 {MIN_PASSWORD_LENGTH} 位", field="password")
    if password.isdigit() or password.isalpha():
        raise ValidationFailed("密码须同时包含字母和数字", field="password")
