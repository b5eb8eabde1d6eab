"""Use cases of the organisation tree: validated, scoped, audited (SPEC A1, A3, K4). Staff are in org.staff."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Forbidden, NotFound, ValidationFailed
from xiaoneng.kit import edits
from xiaoneng.kit.edits import actor_center_id as _center_id
from xiaoneng.kit.edits import apply_changes as _apply
from xiaoneng.kit.edits import check as _check
from xiaoneng.kit.edits import clean_text as _text
from xiaoneng.kit.edits import reject_unknown as _reject_unknown
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import repository as repo
from xiaoneng.org import rules
from xiaoneng.org.common import department_in_center as _department_in_center
from xiaoneng.org.common import optional_id as _optional_id
from xiaoneng.org.common import set_active as _set_active
from xiaoneng.org.common import visible as _visible
from xiaoneng.org.models import Center, Department, DepartmentKind, ServicePoint, ServicePointType, Staff, Window
# Staff use cases live in org.staff; callers that reach them through this module keep working.
from xiaoneng.org.staff import (  # noqa: F401
    STAFF_FIELDS, activate_staff, create_staff, deactivate_staff, find_staff_by_no, find_staff_by_username, get_staff,
    staff_names,
    list_staff, set_password, update_staff,
)

DEPARTMENT_FIELDS = ("code", "name", "kind")
POINT_FIELDS = ("code", "name", "point_type", "address", "parent_id")
WINDOW_FIELDS = ("code", "name", "department_id", "service_point_id")
CENTER_FIELDS = ("code", "name", "region_code")


# --- center --------------------------------------------------------------------------------------------------------

def _check_center(session: Session, *, code: str, name: str, region_code: str, exclude_id: int | None = None) -> None:
    _check("code", rules.code_problem(code))
    _check("name", rules.text_problem(name, label="名称", max_len=rules.NAME_MAX))
    _check("region_code", rules.region_code_problem(region_code))
    existing = repo.get_center_by_code(session, code)
    if existing is not None and existing.id != exclude_id:
        raise ValidationFailed(f"编码已存在：{code}", field="code")


def create_center(session: Session, *, actor: Actor, code: str, name: str, region_code: str = "") -> Center:
    """Create a center; only the system (installation CLI) may, since an admin's scope is one center."""
    if not actor.is_system:
        raise Forbidden()
    code, name, region_code = _text(code), _text(name), _text(region_code)
    _check_center(session, code=code, name=name, region_code=region_code)
    center = Center(code=code, name=name, region_code=region_code)
    session.add(center)
    session.flush()
    audit.record(session, actor=actor, action="center.create", entity="center", entity_id=center.id,
                 detail={"code": code, "name": name, "region_code": region_code}, center_id=center.id)
    return center


def get_center(session: Session, *, actor: Actor) -> Center:
    """The actor's own center."""
    actor.require("org.read")
    center = repo.get(session, Center, actor.center_id) if actor.center_id else None
    if center is None:
        raise NotFound()
    return center


def find_center_by_code(session: Session, *, actor: Actor, code: str) -> Center | None:
    """A center by code: any for the system, only their own for users."""
    actor.require("org.read")
    center = repo.get_center_by_code(session, _text(code))
    if center is None or (not actor.is_system and center.id != actor.center_id):
        return None
    return center


def update_center(session: Session, *, actor: Actor, **changes) -> Center:
    """Change the actor's center's name, code or 行政区划代码."""
    actor.require("org.write")
    center = get_center(session, actor=actor)
    _reject_unknown(changes, CENTER_FIELDS)
    values = {f: _text(changes.get(f, getattr(center, f))) for f in CENTER_FIELDS}
    _check_center(session, exclude_id=center.id, **values)
    detail = _apply(center, values)
    if detail:
        session.flush()
        audit.record(session, actor=actor, action="center.update", entity="center", entity_id=center.id, detail=detail,
                     center_id=center.id)
    return center


# --- departments ---------------------------------------------------------------------------------------------------

def _check_department(session: Session, *, center_id: int, code: str, name: str, kind: str,
                      exclude_id: int | None = None) -> None:
    _check("code", rules.code_problem(code))
    _check("name", rules.text_problem(name, label="名称", max_len=rules.NAME_MAX))
    if kind not in {k.value for k in DepartmentKind}:
        raise ValidationFailed("类型须为 " + "、".join(k.value for k in DepartmentKind) + " 之一", field="kind")
    if repo.code_taken(session, Department, center_id=center_id, code=code, exclude_id=exclude_id):
        raise ValidationFailed(f"编码已存在：{code}", field="code")


def create_department(session: Session, *, actor: Actor, code: str, name: str, kind: str = "科室") -> Department:
    """Create a department (科室/部门/段) in the actor's center."""
    actor.require("org.write")
    center_id = _center_id(actor)
    code, name, kind = _text(code), _text(name), _text(kind)
    _check_department(session, center_id=center_id, code=code, name=name, kind=kind)
    dept = Department(center_id=center_id, code=code, name=name, kind=kind)
    session.add(dept)
    session.flush()
    audit.record(session, actor=actor, action="department.create", entity="department", entity_id=dept.id,
                 detail={"code": code, "name": name, "kind": kind}, center_id=center_id)
    return dept


def get_department(session: Session, *, actor: Actor, department_id: int) -> Department:
    """One department the actor may see, else NotFound."""
    actor.require("org.read")
    return _visible(session, Department, department_id, actor)


def find_department_by_code(session: Session, *, actor: Actor, code: str) -> Department | None:
    """A visible department by code, or None."""
    actor.require("org.read")
    return repo.find_by_code(session, Department, actor=actor, code=_text(code))


def list_departments(session: Session, *, actor: Actor, q: str | None = None, page: int = 1, per_page: int = 20,
                     include_inactive: bool = False) -> Page:
    """Departments in scope, searched by code or name."""
    actor.require("org.read")
    return paginate(session, repo.departments(actor=actor, q=q, include_inactive=include_inactive), page=page,
                    per_page=per_page)


def update_department(session: Session, *, actor: Actor, department_id: int, **changes) -> Department:
    """Change a department's code, name or kind."""
    actor.require("org.write")
    dept = _visible(session, Department, department_id, actor)
    _reject_unknown(changes, DEPARTMENT_FIELDS)
    values = {f: _text(changes.get(f, getattr(dept, f))) for f in DEPARTMENT_FIELDS}
    _check_department(session, center_id=dept.center_id, exclude_id=dept.id, **values)
    detail = _apply(dept, values)
    if detail:
        session.flush()
        audit.record(session, actor=actor, action="department.update", entity="department", entity_id=dept.id,
                     detail=detail, center_id=dept.center_id)
    return dept


def deactivate_department(session: Session, *, actor: Actor, department_id: int) -> Department:
    """Deactivate a department; it stays in place for the history that refers to it."""
    actor.require("org.write")
    dept = _visible(session, Department, department_id, actor)
    return _set_active(session, actor=actor, obj=dept, entity="department", active=False)


def activate_department(session: Session, *, actor: Actor, department_id: int) -> Department:
    """Reactivate a deactivated department."""
    actor.require("org.write")
    dept = _visible(session, Department, department_id, actor)
    return _set_active(session, actor=actor, obj=dept, entity="department", active=True)


# --- service points ------------------------------------------------------------------------------------------------

def _check_point(session: Session, *, center_id: int, code: str, name: str, point_type: str, address: str,
                 parent_id: int | None, exclude_id: int | None = None) -> None:
    _check("code", rules.code_problem(code))
    _check("name", rules.text_problem(name, label="名称", max_len=rules.NAME_MAX))
    if point_type not in {t.value for t in ServicePointType}:
        raise ValidationFailed("点位类型须为 " + "、".join(t.value for t in ServicePointType) + " 之一",
                               field="point_type")
    _check("address", rules.text_problem(address, label="地址", max_len=rules.ADDRESS_MAX, required=False))
    if parent_id is not None:
        parent = repo.get(session, ServicePoint, parent_id)
        if parent is None or parent.center_id != center_id:
            raise ValidationFailed("上级点位不存在或不属于本中心", field="parent_id")
        seen = set()
        while parent is not None and parent.id not in seen:
            if parent.id == exclude_id:
                raise ValidationFailed("上级点位不能是本点位或其下级点位", field="parent_id")
            seen.add(parent.id)
            parent = repo.get(session, ServicePoint, parent.parent_id) if parent.parent_id else None
    if repo.code_taken(session, ServicePoint, center_id=center_id, code=code, exclude_id=exclude_id):
        raise ValidationFailed(f"编码已存在：{code}", field="code")


def create_service_point(session: Session, *, actor: Actor, code: str, name: str, point_type: str,
                         address: str = "", parent_id: int | None = None) -> ServicePoint:
    """Register a service point (区级大厅, 街道中心, 社区服务室, 自助点, or a trading-center area)."""
    actor.require("org.write")
    center_id = _center_id(actor)
    values = dict(code=_text(code), name=_text(name), point_type=_text(point_type), address=_text(address),
                  parent_id=_optional_id(parent_id, "parent_id"))
    _check_point(session, center_id=center_id, **values)
    point = ServicePoint(center_id=center_id, **values)
    session.add(point)
    session.flush()
    audit.record(session, actor=actor, action="service_point.create", entity="service_point", entity_id=point.id,
                 detail=values, center_id=center_id)
    return point


def get_service_point(session: Session, *, actor: Actor, service_point_id: int) -> ServicePoint:
    """One service point the actor may see, else NotFound."""
    actor.require("org.read")
    return _visible(session, ServicePoint, service_point_id, actor)


def find_service_point_by_code(session: Session, *, actor: Actor, code: str) -> ServicePoint | None:
    """A visible service point by code, or None."""
    actor.require("org.read")
    return repo.find_by_code(session, ServicePoint, actor=actor, code=_text(code))


def list_service_points(session: Session, *, actor: Actor, q: str | None = None, page: int = 1, per_page: int = 20,
                        include_inactive: bool = False, point_type: str | None = None) -> Page:
    """Service points in scope, filtered by type and searched by code, name or address."""
    actor.require("org.read")
    stmt = repo.service_points(actor=actor, q=q, include_inactive=include_inactive, point_type=point_type)
    return paginate(session, stmt, page=page, per_page=per_page)


def count_service_points_by_type(session: Session, *, actor: Actor) -> dict[str, int]:
    """Active points per type, every type listed (zero when none)."""
    actor.require("org.read")
    counts = repo.point_counts_by_type(session, actor=actor)
    return {t.value: counts.get(t.value, 0) for t in ServicePointType}


def update_service_point(session: Session, *, actor: Actor, service_point_id: int, **changes) -> ServicePoint:
    """Change a service point's code, name, type, address or parent."""
    actor.require("org.write")
    point = _visible(session, ServicePoint, service_point_id, actor)
    _reject_unknown(changes, POINT_FIELDS)
    values = {f: _text(changes.get(f, getattr(point, f))) for f in POINT_FIELDS if f != "parent_id"}
    values["parent_id"] = _optional_id(changes.get("parent_id", point.parent_id), "parent_id")
    _check_point(session, center_id=point.center_id, exclude_id=point.id, **values)
    detail = _apply(point, values)
    if detail:
        session.flush()
        audit.record(session, actor=actor, action="service_point.update", entity="service_point", entity_id=point.id,
                     detail=detail, center_id=point.center_id)
    return point


def deactivate_service_point(session: Session, *, actor: Actor, service_point_id: int) -> ServicePoint:
    """Deactivate a service point."""
    actor.require("org.write")
    point = _visible(session, ServicePoint, service_point_id, actor)
    return _set_active(session, actor=actor, obj=point, entity="service_point", active=False)


def activate_service_point(session: Session, *, actor: Actor, service_point_id: int) -> ServicePoint:
    """Reactivate a service point."""
    actor.require("org.write")
    point = _visible(session, ServicePoint, service_point_id, actor)
    return _set_active(session, actor=actor, obj=point, entity="service_point", active=True)


# --- windows -------------------------------------------------------------------------------------------------------

def _check_window(session: Session, *, center_id: int, code: str, name: str, department_id: int | None,
                  service_point_id: int | None, exclude_id: int | None = None, current: Window | None = None) -> None:
    _check("code", rules.code_problem(code))
    _check("name", rules.text_problem(name, label="名称", max_len=rules.NAME_MAX))
    if department_id is None:
        raise ValidationFailed("所属科室不能为空", field="department_id")
    _department_in_center(session, department_id, center_id, current=current.department_id if current else None)
    if service_point_id is not None:
        point = repo.get(session, ServicePoint, service_point_id)
        if point is None or point.center_id != center_id:
            raise ValidationFailed("服务点位不存在或不属于本中心", field="service_point_id")
    if repo.code_taken(session, Window, center_id=center_id, code=code, exclude_id=exclude_id):
        raise ValidationFailed(f"编码已存在：{code}", field="code")


def create_window(session: Session, *, actor: Actor, code: str, name: str, department_id: int,
                  service_point_id: int | None = None) -> Window:
    """Create a window of a department, optionally at a service point."""
    actor.require("org.write")
    center_id = _center_id(actor)
    values = dict(code=_text(code), name=_text(name), department_id=_optional_id(department_id, "department_id"),
                  service_point_id=_optional_id(service_point_id, "service_point_id"))
    _check_window(session, center_id=center_id, **values)
    window = Window(center_id=center_id, **values)
    session.add(window)
    session.flush()
    audit.record(session, actor=actor, action="window.create", entity="window", entity_id=window.id, detail=values,
                 center_id=center_id)
    return window


def get_window(session: Session, *, actor: Actor, window_id: int) -> Window:
    """One window the actor may see, else NotFound."""
    actor.require("org.read")
    return _visible(session, Window, window_id, actor)


def find_window_by_code(session: Session, *, actor: Actor, code: str) -> Window | None:
    """A visible window by code, or None."""
    actor.require("org.read")
    return repo.find_by_code(session, Window, actor=actor, code=_text(code))


def list_windows(session: Session, *, actor: Actor, q: str | None = None, page: int = 1, per_page: int = 20,
                 include_inactive: bool = False, department_id: int | None = None,
                 service_point_id: int | None = None) -> Page:
    """Windows in scope, searched by code or name."""
    actor.require("org.read")
    stmt = repo.windows(actor=actor, q=q, include_inactive=include_inactive, department_id=department_id,
                        service_point_id=service_point_id)
    return paginate(session, stmt, page=page, per_page=per_page)


def update_window(session: Session, *, actor: Actor, window_id: int, **changes) -> Window:
    """Change a window's code, name, department or service point."""
    actor.require("org.write")
    window = _visible(session, Window, window_id, actor)
    _reject_unknown(changes, WINDOW_FIELDS)
    values = dict(
        code=_text(changes.get("code", window.code)), name=_text(changes.get("name", window.name)),
        department_id=_optional_id(changes.get("department_id", window.department_id), "department_id"),
        service_point_id=_optional_id(changes.get("service_point_id", window.service_point_id), "service_point_id"),
    )
    _check_window(session, center_id=window.center_id, exclude_id=window.id, current=window, **values)
    detail = _apply(window, values)
    if detail:
        session.flush()
        audit.record(session, actor=actor, action="window.update", entity="window", entity_id=window.id, detail=detail,
                     center_id=window.center_id)
    return window


def deactivate_window(session: Session, *, actor: Actor, window_id: int) -> Window:
    """Deactivate a window."""
    actor.require("org.write")
    window = _visible(session, Window, window_id, actor)
    return _set_active(session, actor=actor, obj=window, entity="window", active=False)


def activate_window(session: Session, *, actor: Actor, window_id: int) -> Window:
    """Reactivate a window."""
    actor.require("org.write")
    window = _visible(session, Window, window_id, actor)
    return _set_active(session, actor=actor, obj=window, entity="window", active=True)


# --- lookups for pages ---------------------------------------------------------------------------------------------

def department_choices(session: Session, *, actor: Actor) -> list[Department]:
    """Every department the actor may see (active or not), for select boxes and names in lists."""
    actor.require("org.read")
    return repo.all_in_scope(session, Department, actor=actor)


def staff_choices(session: Session, *, center_id: int) -> list[Staff]:
    """Every active staff member of a center by department and name, for choosing a post's holders or a proxy
    (a B may come from another department of the same center)."""
    stmt = repo.staff(actor=system_actor(center_id), q=None, include_inactive=False, department_id=None, role=None)
    return sorted(session.scalars(stmt), key=lambda s: (s.department_id or 0, s.full_name))


def window_choices(session: Session, *, actor: Actor) -> list[Window]:
    """Every window the actor may see."""
    actor.require("org.read")
    return repo.all_in_scope(session, Window, actor=actor)


def service_point_choices(session: Session, *, actor: Actor) -> list[ServicePoint]:
    """Every service point the actor may see."""
    actor.require("org.read")
    return repo.all_in_scope(session, ServicePoint, actor=actor)


def related(session: Session, *, actor: Actor, model, ids: Iterable[int | None]) -> dict[int, object]:
    """Records referred to by a page of a list, limited to the actor's center."""
    found = repo.by_ids(session, model, {i for i in ids if i})
    return {i: obj for i, obj in found.items() if actor.is_system or obj.center_id == actor.center_id}
