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
# Loop and rating permissions: cases.* (办件), ratings.read (see ratings), ratings.enter (type in social-channel
# ratings), ratings.qr (print QR sheets), rectification.act (contact, rectify, call back), rectification.decide
# (leader: ledger deadlines, appeal decisions), rectification.settings (per-center loop deadlines), personal.read
# (unmasked rater contacts, needed for the callback), rankings.read (internal rankings, S0 art.13),
# exchange.export (provincial platform exchange), jobs.read (timed work status).
_SEE = {"org.read", "items.read", "staff.read"}
_LOOP_SEE = {"cases.read", "ratings.read", "rectification.read"}
PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.WINDOW_STAFF: frozenset(_SEE | _LOOP_SEE | {"cases.write", "ratings.qr", "rectification.act", "personal.read"}),
    Role.DEPT_HEAD: frozenset(
        _SEE | _LOOP_SEE | {"items.write", "cases.write", "ratings.qr", "rectification.act", "rectification.appeal",
                            "personal.read"}
    ),
    Role.SUPERVISOR: frozenset(
        _SEE | _LOOP_SEE | {"calendar.read", "audit.read", "ratings.enter", "ratings.qr", "rectification.act",
                            "rectification.decide", "personal.read", "rankings.read", "exchange.export"}
    ),
    Role.DIRECTOR: frozenset(
        _SEE | _LOOP_SEE | {"calendar.read", "audit.read", "rectification.decide", "rankings.read"}
    ),
    Role.ADMIN: frozenset(
        _SEE | _LOOP_SEE | {
            "org.write", "items.write", "staff.write", "calendar.read", "calendar.write", "import.run", "audit.read",
            "ratings.qr", "rectification.settings", "rankings.read", "exchange.export", "jobs.read",
        }
    ),
}


def has_permission(role: Role | str, permission: str) -> bool:
    return permission in PERMISSIONS.get(Role(role), frozenset())


def is_department_scoped(role: Role | str) -> bool:
    return Role(role) in DEPARTMENT_SCOPED
