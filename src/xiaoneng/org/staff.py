"""Staff members of a center: registration, details, role and posting, sign-in account and password."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.accounts import check_password_strength, end_sessions, password_changed
from xiaoneng.auth.passwords import hash_password
from xiaoneng.auth.rules import Role
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.edits import actor_center_id as _center_id
from xiaoneng.kit.edits import apply_changes as _apply
from xiaoneng.kit.edits import check as _check
from xiaoneng.kit.edits import clean_text as _text
from xiaoneng.kit.edits import reject_unknown as _reject_unknown
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor
from xiaoneng.org import repository as repo
from xiaoneng.org import rules
from xiaoneng.org.common import department_in_center as _department_in_center
from xiaoneng.org.common import optional_id as _optional_id
from xiaoneng.org.common import set_active as _set_active
from xiaoneng.org.common import visible as _visible
from xiaoneng.org.models import Staff, Window

STAFF_FIELDS = ("staff_no", "full_name", "role", "department_id", "window_id", "title", "rank", "phone", "username")


# --- staff ---------------------------------------------------------------------------------------------------------

def _staff_values(changes: dict, current: Staff | None = None) -> dict:
    def pick(name, default):
        return changes[name] if name in changes else (getattr(current, name) if current is not None else default)

    rank = pick("rank", 1)
    if isinstance(rank, str) and rank.strip().lstrip("-").isdigit():
        rank = int(rank.strip())
    username = _text(pick("username", None)) or None
    return dict(
        staff_no=_text(pick("staff_no", "")), full_name=_text(pick("full_name", "")), role=_text(pick("role", "")),
        department_id=_optional_id(pick("department_id", None), "department_id"),
        window_id=_optional_id(pick("window_id", None), "window_id"),
        title=_text(pick("title", "")), rank=rank, phone=_text(pick("phone", "")), username=username,
    )


def _check_staff(session: Session, *, center_id: int, values: dict, exclude: Staff | None = None) -> None:
    exclude_id = exclude.id if exclude else None
    _check("staff_no", rules.code_problem(values["staff_no"], label="工号", max_len=rules.STAFF_NO_MAX))
    _check("full_name", rules.text_problem(values["full_name"], label="姓名", max_len=rules.FULL_NAME_MAX))
    role = rules.parse_role(values["role"])
    if role is None:
        raise ValidationFailed("角色无效，须为 " + "、".join(r.value for r in Role) + " 之一", field="role")
    if values["window_id"] is not None:
        window = repo.get(session, Window, values["window_id"])
        if window is None or window.center_id != center_id:
            raise ValidationFailed("窗口不存在或不属于本中心", field="window_id")
        if values["department_id"] is None:
            values["department_id"] = window.department_id
        elif window.department_id != values["department_id"]:
            raise ValidationFailed("所选窗口不属于该人员的科室", field="window_id")
    if values["department_id"] is not None:
        _department_in_center(session, values["department_id"], center_id,
                              current=exclude.department_id if exclude else None)
    elif rules.needs_department(role):
        raise ValidationFailed("窗口人员和科室负责人必须指定所属科室", field="department_id")
    _check("title", rules.text_problem(values["title"], label="职务", max_len=rules.TITLE_MAX, required=False))
    _check("rank", rules.rank_problem(values["rank"]))
    _check("phone", rules.phone_problem(values["phone"]))
    if values["username"] is not None:
        _check("username", rules.username_problem(values["username"]))
        if repo.username_taken(session, username=values["username"], exclude_id=exclude_id):
            raise ValidationFailed(f"用户名已存在：{values['username']}", field="username")
    if repo.staff_no_taken(session, center_id=center_id, staff_no=values["staff_no"], exclude_id=exclude_id):
        raise ValidationFailed(f"工号已存在：{values['staff_no']}", field="staff_no")


def create_staff(session: Session, *, actor: Actor, staff_no: str, full_name: str, role: str,
                 department_id: int | None = None, window_id: int | None = None, title: str = "", rank: int = 1,
                 phone: str = "", username: str | None = None, password: str | None = None) -> Staff:
    """Register a staff member; with a username and password they can also sign in with their role."""
    actor.require("staff.write")
    center_id = _center_id(actor)
    values = _staff_values(dict(staff_no=staff_no, full_name=full_name, role=role, department_id=department_id,
                                window_id=window_id, title=title, rank=rank, phone=phone, username=username))
    _check_staff(session, center_id=center_id, values=values)
    password_hash = None
    if values["username"] is not None:
        if not password:
            raise ValidationFailed("开通登录账号时必须设置密码", field="password")
        check_password_strength(password)
        password_hash = hash_password(password)
    elif password:
        raise ValidationFailed("设置密码前须先填写用户名", field="username")
    staff = Staff(center_id=center_id, password_hash=password_hash, **values)
    session.add(staff)
    session.flush()
    audit.record(session, actor=actor, action="staff.create", entity="staff", entity_id=staff.id,
                 detail={**values, "password_set": password_hash is not None}, center_id=center_id)
    return staff


def get_staff(session: Session, *, actor: Actor, staff_id: int) -> Staff:
    """One staff member the actor may see, else NotFound."""
    actor.require("staff.read")
    return _visible(session, Staff, staff_id, actor)


def staff_names(session: Session, *, center_id: int, staff_ids) -> dict[int, str]:
    """The names of staff members of one center by id, for labels (a post's holders, a leave's proxy): a name is
    shown to whoever sees the record that names it, whatever department the person is in."""
    ids = {int(i) for i in staff_ids if i is not None}
    if not ids:
        return {}
    return {s.id: s.full_name for s in session.query(Staff).filter(Staff.center_id == center_id, Staff.id.in_(ids))}


def find_staff_by_username(session: Session, *, actor: Actor, username: str) -> Staff | None:
    """A visible staff member by username, or None."""
    actor.require("staff.read")
    return repo.find_staff_by_username(session, actor=actor, username=_text(username))


def find_staff_by_no(session: Session, *, actor: Actor, staff_no: str) -> Staff | None:
    """A visible staff member by 工号, or None."""
    actor.require("staff.read")
    return repo.find_staff_by_no(session, actor=actor, staff_no=_text(staff_no))


def list_staff(session: Session, *, actor: Actor, q: str | None = None, page: int = 1, per_page: int = 20,
               include_inactive: bool = False, department_id: int | None = None, role: str | None = None) -> Page:
    """Staff in scope, searched by 工号, name, username or phone."""
    actor.require("staff.read")
    stmt = repo.staff(actor=actor, q=q, include_inactive=include_inactive, department_id=department_id, role=role)
    return paginate(session, stmt, page=page, per_page=per_page)


def update_staff(session: Session, *, actor: Actor, staff_id: int, **changes) -> Staff:
    """Change a staff member's details, role, posting or account; a `password` change goes through set_password."""
    actor.require("staff.write")
    staff = _visible(session, Staff, staff_id, actor)
    password = changes.pop("password", None)
    _reject_unknown(changes, STAFF_FIELDS)
    values = _staff_values(changes, staff)
    _check_staff(session, center_id=staff.center_id, values=values, exclude=staff)
    if staff.id == actor.user_id and values["role"] != staff.role:
        raise ValidationFailed("不能修改自己的角色", field="role")
    if values["username"] is None and staff.username is not None and staff.id == actor.user_id:
        raise ValidationFailed("不能取消自己的登录账号", field="username")
    if values["username"] is not None and staff.password_hash is None and not password:
        raise ValidationFailed("开通登录账号时必须设置密码", field="password")
    if password and values["username"] is None:
        raise ValidationFailed("设置密码前须先填写用户名", field="username")
    if password:
        check_password_strength(password)
    role_changed = values["role"] != staff.role
    detail = _apply(staff, values)
    if role_changed:
        end_sessions(staff)  # the user signs in again under the new role
    if values["username"] is None and staff.password_hash is not None:
        staff.password_hash = None  # no account left: the old password must not come back with a new username
        detail["password_set"] = [True, False]
    if detail:
        session.flush()
        audit.record(session, actor=actor, action="staff.update", entity="staff", entity_id=staff.id, detail=detail,
                     center_id=staff.center_id)
    if password:
        set_password(session, actor=actor, staff_id=staff.id, password=password)
    return staff


def set_password(session: Session, *, actor: Actor, staff_id: int, password: str) -> Staff:
    """Set a staff member's sign-in password (checked for strength; only the fact is audited)."""
    actor.require("staff.write")
    staff = _visible(session, Staff, staff_id, actor)
    if not staff.username:
        raise ValidationFailed("该人员没有登录账号，请先填写用户名", field="username")
    check_password_strength(password or "")
    staff.password_hash = hash_password(password)
    password_changed(session, staff)  # sessions opened with the old password end (the changer's own included)
    session.flush()
    audit.record(session, actor=actor, action="staff.set_password", entity="staff", entity_id=staff.id,
                 detail={"username": staff.username}, center_id=staff.center_id)
    return staff


def deactivate_staff(session: Session, *, actor: Actor, staff_id: int) -> Staff:
    """Deactivate a staff member: they can no longer sign in, their history stays."""
    actor.require("staff.write")
    staff = _visible(session, Staff, staff_id, actor)
    if staff.id == actor.user_id:
        raise ValidationFailed("不能停用自己的账号", field="active")
    return _set_active(session, actor=actor, obj=staff, entity="staff", active=False)


def activate_staff(session: Session, *, actor: Actor, staff_id: int) -> Staff:
    """Reactivate a staff member."""
    actor.require("staff.write")
    staff = _visible(session, Staff, staff_id, actor)
    return _set_active(session, actor=actor, obj=staff, entity="staff", active=True)
