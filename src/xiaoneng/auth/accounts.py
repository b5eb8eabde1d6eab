"""What account management needs from sign-in: the password rule, ending sessions and the back-off key of an
account. Kept apart from auth.service so that org's staff service can use it while auth.service looks staff up
through org (dependencies point one way)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.auth import repository as repo
from xiaoneng.errors import ValidationFailed
from xiaoneng.org.models import Staff

MIN_PASSWORD_LENGTH = 8


def account_key(username: str) -> str:
    return "account:" + username.strip().lower()[:64]


def end_sessions(staff: Staff) -> None:
    """Every session of this user stops working at its next request (the caller audits what caused it)."""
    staff.session_version = (staff.session_version or 0) + 1


def password_changed(session: Session, staff: Staff) -> None:
    """A new password ends the old sessions and lifts a lock earned by guesses at the old one."""
    end_sessions(staff)
    if staff.username:
        repo.clear(session, account_key(staff.username))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少 {MIN_PASSWORD_LENGTH} 位", field="password")
    if password.isdigit() or password.isalpha():
        raise ValidationFailed("密码须同时包含字母和数字", field="password")
