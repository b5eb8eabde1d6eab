"""Who is acting, and the one mechanism that limits every query to what that actor may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, false

from xiaoneng.auth.rules import Role, has_permission, is_department_scoped
from xiaoneng.errors import Forbidden, NotFound


@dataclass(frozen=True)
class Actor:
    """The signed-in user (or the system) on whose behalf a service runs."""

    user_id: int | None
    username: str
    role: Role | None
    center_id: int | None
    department_id: int | None = None
    window_id: int | None = None
    ip: str = ""
    full_name: str = ""

    @property
    def is_system(self) -> bool:
        return self.role is None and self.user_id is None

    @property
    def department_scoped(self) -> bool:
        return self.role is not None and is_department_scoped(self.role)

    def can(self, permission: str) -> bool:
        return self.is_system or (self.role is not None and has_permission(self.role, permission))

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise Forbidden()


SYSTEM = Actor(user_id=None, username="system", role=None, center_id=None, full_name="系统")


def system_actor(center_id: int | None = None, *, name: str = "system") -> Actor:
    """The actor of the CLI and of timed jobs: unrestricted, recorded by name in the audit chain."""
    return Actor(user_id=None, username=name, role=None, center_id=center_id, full_name="系统")


def scoped(stmt: Select, model, actor: Actor, *, department_column: str = "department_id") -> Select:
    """Limit a SELECT on `model` to the actor's center and, for department-scoped roles, department."""
    if actor.is_system:
        return stmt.where(model.center_id == actor.center_id) if actor.center_id and hasattr(model, "center_id") else stmt
    if hasattr(model, "center_id"):
        stmt = stmt.where(model.center_id == actor.center_id)
    if actor.department_scoped:
        if model.__tablename__ == "department":
            stmt = stmt.where(model.id == actor.department_id)
        elif hasattr(model, department_column):
            column = getattr(model, department_column)
            stmt = stmt.where(column == actor.department_id) if actor.department_id else stmt.where(false())
    return stmt


def ensure_visible(obj, actor: Actor, *, department_column: str = "department_id"):
    """Check one loaded record against the same scope; unseen records are reported as missing (no leak)."""
    if obj is None:
        raise NotFound()
    if actor.is_system:
        if actor.center_id and getattr(obj, "center_id", actor.center_id) != actor.center_id:
            raise NotFound()
        return obj
    if hasattr(obj, "center_id") and obj.center_id != actor.center_id:
        raise NotFound()
    if actor.department_scoped:
        if obj.__tablename__ == "department":
            if obj.id != actor.department_id:
                raise NotFound()
        elif hasattr(obj, department_column) and getattr(obj, department_column) != actor.department_id:
            raise NotFound()
    return obj


def public_actor(center_id: int, *, ip: str = "") -> Actor:
    """A citizen without an account, acting through a signed rating link or QR code of `center_id`."""
    return Actor(user_id=None, username="public", role=None, center_id=center_id, ip=ip, full_name="群众")
