"""Sign-in with its back-off and audit of failures, the actor of a session, and ending a user's sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.auth import repository as repo
from xiaoneng.auth.accounts import account_key, check_password_strength, end_sessions, password_changed
from xiaoneng.auth.passwords import hash_password, verify_password
from xiaoneng.auth.rules import BackOff, Role, after_failure, lock_left, retry_after_seconds, wait_label
from xiaoneng.db import utcnow
from xiaoneng.errors import NotAuthenticated, NotFound, ValidationFailed, XiaonengError
from xiaoneng.kit.scope import SYSTEM, Actor
from xiaoneng.org import staff as org_staff
from xiaoneng.org.models import Staff

_DUMMY_HASH = hash_password("timing-equaliser")
WRONG = "用户名或密码错误"


class SignInLocked(XiaonengError):
    """Too many failures of this account or address: refused without looking at the password."""

    status_code = 429
    code = "sign_in_locked"

    def __init__(self, left: dt.timedelta, *, wrong: bool = False):
        prefix = f"{WRONG}。" if wrong else ""
        super().__init__(f"{prefix}登录失败次数过多，已暂停登录，请 {wait_label(left)}后再试", field="username")
        self.retry_after = retry_after_seconds(left)


@dataclass(frozen=True)
class SignInLimits:
    account: BackOff
    address: BackOff

    @classmethod
    def of(cls, settings) -> SignInLimits:
        return cls(account=BackOff(settings.sign_in_account_failures),
                   address=BackOff(settings.sign_in_address_failures))


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: the actor and the session version to keep, or the error to answer with. Returned
    rather than raised, so that the failure's count and audit record are committed with the error answer."""

    actor: Actor | None = None
    session_version: int = 0
    error: XiaonengError | None = None


def address_key(ip: str) -> str:
    return "address:" + (ip or "unknown")[:64]


def actor_for(staff: Staff, *, ip: str = "") -> Actor:
    return Actor(
        user_id=staff.id, username=staff.username or staff.staff_no, role=Role(staff.role), center_id=staff.center_id,
        department_id=staff.department_id, window_id=staff.window_id, ip=ip, full_name=staff.full_name,
    )


def sign_in(session: Session, *, username: str, password: str, ip: str, limits: SignInLimits,
            now: dt.datetime | None = None) -> SignIn:
    """Check a username and password under the back-off of the account and of the client address."""
    now = now or utcnow()
    name = username.strip()
    keys = {account_key(name): limits.account, address_key(ip): limits.address}
    known = repo.states(session, list(keys))
    left = max((w for w in (lock_left(known.get(k), now) for k in keys) if w), default=None)
    if left is not None:
        return SignIn(error=SignInLocked(left))  # no Argon2: a guessing flood cannot take the server's threads
    staff = org_staff.find_staff_by_username(session, actor=SYSTEM, username=name) if name else None
    password_ok = verify_password(staff.password_hash if staff else _DUMMY_HASH, password)  # same cost either way
    if staff is not None and password_ok and staff.active:
        repo.clear(session, account_key(name))
        staff.last_login_at = now
        actor = actor_for(staff, ip=ip)
        _audit(session, actor, "auth.login", staff)
        return SignIn(actor=actor, session_version=staff.session_version)
    reason = "unknown_user" if staff is None else ("inactive" if password_ok else "wrong_password")
    return SignIn(error=_count_failure(session, keys, name=name, ip=ip, staff=staff, reason=reason, now=now))


def _count_failure(session: Session, keys: dict[str, BackOff], *, name: str, ip: str, staff: Staff | None,
                   reason: str, now: dt.datetime, wrong: XiaonengError | None = None) -> XiaonengError:
    rows = repo.lock_rows(session, list(keys), now=now)
    after = {}
    for key, policy in keys.items():
        after[key] = after_failure(repo.fresh_row_state(rows[key]), now, policy)
        repo.save(rows[key], after[key])
    repo.forget_old(session, now=now)
    left = max((w for w in (lock_left(s, now) for s in after.values()) if w), default=None)
    anonymous = Actor(user_id=None, username="anonymous", role=None, center_id=staff.center_id if staff else None,
                      ip=ip, full_name="未登录")
    _audit(session, anonymous, "auth.login_failed", staff, detail={
        "username": name[:64], "reason": reason, "account_failures": after[account_key(name)].count,
        "address_failures": after[address_key(ip)].count,
        "locked_seconds": retry_after_seconds(left) if left else 0})
    return SignInLocked(left, wrong=True) if left else (wrong or NotAuthenticated(WRONG, field="username"))


def _audit(session: Session, actor: Actor, action: str, staff: Staff | None, detail: dict | None = None) -> None:
    from xiaoneng.audit import service as audit

    audit.record(session, actor=actor, action=action, entity="staff", entity_id=staff.id if staff else "",
                 detail=detail, center_id=staff.center_id if staff else None)


def authenticate(session: Session, *, username: str, password: str, ip: str = "",
                 limits: SignInLimits = SignInLimits(BackOff(5), BackOff(20))) -> Actor:
    """sign_in for callers that want an exception (the failure is counted only if the caller commits anyway)."""
    result = sign_in(session, username=username, password=password, ip=ip, limits=limits)
    if result.error is not None:
        raise result.error
    return result.actor


def load_actor(session: Session, user_id: int, *, ip: str = "") -> Actor | None:
    """The actor of an active account, or None."""
    staff = _account(session, user_id)
    return actor_for(staff, ip=ip) if staff else None


def session_actor(session: Session, user_id: int, session_version, *, ip: str = "") -> Actor | None:
    """The actor of a signed-in session, or None when the account is gone or its sessions were ended since."""
    staff = _account(session, user_id)
    if staff is None or session_version != staff.session_version:
        return None
    return actor_for(staff, ip=ip)


def _account(session: Session, user_id: int) -> Staff | None:
    try:
        staff = org_staff.get_staff(session, actor=SYSTEM, staff_id=user_id)
    except NotFound:
        return None
    return staff if staff.active and staff.username else None


def sign_out(session: Session, *, actor: Actor) -> None:
    """End the user's sessions: a copy of the cookie kept from before is refused from now on."""
    staff = _account(session, actor.user_id) if actor.user_id else None
    if staff is None:
        return
    end_sessions(staff)
    _audit(session, actor, "auth.logout", staff)


def change_own_password(session: Session, *, actor: Actor, current: str, new: str, confirm: str,
                        limits: SignInLimits, now: dt.datetime | None = None) -> SignIn:
    """A signed-in user replaces their password, proving the current one (guesses count like sign-in failures).
    Every other session of the user ends; the answer carries the version for the session that asked."""
    now = now or utcnow()
    staff = _account(session, actor.user_id) if actor.user_id else None
    if staff is None:
        return SignIn(error=NotAuthenticated())
    keys = {account_key(staff.username): limits.account, address_key(actor.ip): limits.address}
    known = repo.states(session, list(keys))
    left = max((w for w in (lock_left(known.get(k), now) for k in keys) if w), default=None)
    if left is not None:
        return SignIn(error=SignInLocked(left))
    if not verify_password(staff.password_hash, current):
        return SignIn(error=_count_failure(session, keys, name=staff.username, ip=actor.ip, staff=staff,
                                           reason="wrong_current_password", now=now,
                                           wrong=ValidationFailed("当前密码不正确", field="current_password")))
    try:
        if new != confirm:
            raise ValidationFailed("两次输入的新密码不一致", field="confirm_password")
        check_password_strength(new)
        if new == current:
            raise ValidationFailed("新密码不能与当前密码相同", field="new_password")
    except ValidationFailed as exc:
        return SignIn(error=exc)
    staff.password_hash = hash_password(new)
    password_changed(session, staff)
    _audit(session, actor, "auth.change_password", staff, detail={"username": staff.username})
    return SignIn(actor=actor, session_version=staff.session_version)

