"""Every query of the organisation domain; queries made for an actor go through `scoped`."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window


def get(session: Session, model, record_id: int):
    return session.get(model, record_id)


def get_center_by_code(session: Session, code: str) -> Center | None:
    return session.scalar(select(Center).where(Center.code == code))


def find_by_code(session: Session, model, *, actor: Actor, code: str):
    return session.scalar(scoped(select(model).where(model.code == code), model, actor))


def code_taken(session: Session, model, *, center_id: int, code: str, exclude_id: int | None = None) -> bool:
    """Codes are unique per center (not per actor scope): checked unscoped so a department head cannot reuse one."""
    stmt = select(model.id).where(model.center_id == center_id, model.code == code)
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def staff_no_taken(session: Session, *, center_id: int, staff_no: str, exclude_id: int | None = None) -> bool:
    stmt = select(Staff.id).where(Staff.center_id == center_id, Staff.staff_no == staff_no)
    if exclude_id is not None:
        stmt = stmt.where(Staff.id != exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def username_taken(session: Session, *, username: str, exclude_id: int | None = None) -> bool:
    """Usernames sign in before any center is known, so they are unique across the installation."""
    stmt = select(Staff.id).where(func.lower(Staff.username) == username.lower())
    if exclude_id is not None:
        stmt = stmt.where(Staff.id != exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def find_staff_by_username(session: Session, *, actor: Actor, username: str) -> Staff | None:
    return session.scalar(scoped(select(Staff).where(Staff.username == username), Staff, actor))


def find_staff_by_no(session: Session, *, actor: Actor, staff_no: str) -> Staff | None:
    return session.scalar(scoped(select(Staff).where(Staff.staff_no == staff_no), Staff, actor))


def _active(stmt: Select, model, include_inactive: bool) -> Select:
    return stmt if include_inactive else stmt.where(model.active.is_(True))


def departments(*, actor: Actor, q: str | None = None, include_inactive: bool = False) -> Select:
    stmt = search(select(Department), q, Department.code, Department.name)
    stmt = _active(stmt, Department, include_inactive)
    return scoped(stmt, Department, actor).order_by(Department.code, Department.id)


def service_points(*, actor: Actor, q: str | None = None, include_inactive: bool = False,
                   point_type: str | None = None) -> Select:
    stmt = search(select(ServicePoint), q, ServicePoint.code, ServicePoint.name, ServicePoint.address)
    stmt = _active(stmt, ServicePoint, include_inactive)
    if point_type:
        stmt = stmt.where(ServicePoint.point_type == point_type)
    return scoped(stmt, ServicePoint, actor).order_by(ServicePoint.code, ServicePoint.id)


def windows(*, actor: Actor, q: str | None = None, include_inactive: bool = False,
            department_id: int | None = None, service_point_id: int | None = None) -> Select:
    stmt = search(select(Window), q, Window.code, Window.name)
    stmt = _active(stmt, Window, include_inactive)
    if department_id:
        stmt = stmt.where(Window.department_id == department_id)
    if service_point_id:
        stmt = stmt.where(Window.service_point_id == service_point_id)
    return scoped(stmt, Window, actor).order_by(Window.code, Window.id)


def staff(*, actor: Actor, q: str | None = None, include_inactive: bool = False,
          department_id: int | None = None, role: str | None = None) -> Select:
    stmt = search(select(Staff), q, Staff.staff_no, Staff.full_name, Staff.username, Staff.phone)
    stmt = _active(stmt, Staff, include_inactive)
    if department_id:
        stmt = stmt.where(Staff.department_id == department_id)
    if role:
        stmt = stmt.where(Staff.role == role)
    return scoped(stmt, Staff, actor).order_by(Staff.staff_no, Staff.id)


def point_counts_by_type(session: Session, *, actor: Actor) -> dict[str, int]:
    """Active points per type, for the counts above the list (S3: 3 + 15 + 66 + 44)."""
    stmt = scoped(
        select(ServicePoint.point_type, func.count()).where(ServicePoint.active.is_(True)).group_by(ServicePoint.point_type),
        ServicePoint, actor,
    )
    return {point_type: count for point_type, count in session.execute(stmt)}


def all_in_scope(session: Session, model, *, actor: Actor) -> list:
    """Every record of `model` the actor may see, active or not, for choices and for names in lists."""
    return list(session.scalars(scoped(select(model), model, actor).order_by(model.code, model.id)))


def by_ids(session: Session, model, ids: set[int]) -> dict[int, object]:
    if not ids:
        return {}
    return {obj.id: obj for obj in session.scalars(select(model).where(model.id.in_(ids)))}
