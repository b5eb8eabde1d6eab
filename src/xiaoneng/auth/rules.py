"""Roles and what each may do: pure data, read by the scope helper and the web layer."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    WINDOW_STAFF = "window_staff"
    DEPT_HEAD = "dept_head"
    SUPERVISOR = "supervisor"
    DIRECTOR = "director"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.WINDOW_STAFF: "窗口人员",
    Role.DEPT_HEAD: "科室负责人",
    Role.SUPERVISOR: "效能监察",
    Role.DIRECTOR: "中心领导",
    Role.ADMIN: "管理员",
}

# Roles that see only their own department's records; the others see their whole center.
DEPARTMENT_SCOPED = frozenset({Role.WINDOW_STAFF, Role.DEPT_HEAD})

# Permission names are "<domain>.<verb>". Department-scoped roles hold them only within their department.
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.WINDOW_STAFF: frozenset({"org.read", "items.read", "staff.read"}),
    Role.DEPT_HEAD: frozenset({"org.read", "items.read", "items.write", "staff.read"}),
    Role.SUPERVISOR: frozenset({"org.read", "items.read", "staff.read", "calendar.read", "audit.read"}),
    Role.DIRECTOR: frozenset({"org.read", "items.read", "staff.read", "calendar.read", "audit.read"}),
    Role.ADMIN: frozenset(
        {
            "org.read", "org.write", "items.read", "items.write", "staff.read", "staff.write",
            "calendar.read", "calendar.write", "import.run", "audit.read",
        }
    ),
}


def has_permission(role: Role | str, permission: str) -> bool:
    return permission in PERMISSIONS.get(Role(role), frozenset())


def is_department_scoped(role: Role | str) -> bool:
    return Role(role) in DEPARTMENT_SCOPED
