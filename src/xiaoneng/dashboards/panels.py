"""Panels other domains add to a role's dashboard (the hook, like cases.panels): registered in xiaoneng/wiring.py.

`register(role, build)` adds `build(session, *, actor, today) -> shapes.Panel | None` to that role's dashboard,
after its own panels; None (nothing to show) draws nothing. A role with nothing registered shows nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.dashboards.shapes import Panel
from xiaoneng.kit.scope import Actor

Build = Callable[..., Panel | None]

_PANELS: dict[Role, list[Build]] = {}


def register(role: Role | str, build: Build) -> None:
    """Add `build` to the role's dashboard (once, however often it is registered)."""
    builds = _PANELS.setdefault(Role(role), [])
    if build not in builds:
        builds.append(build)


def unregister(role: Role | str, build: Build) -> None:
    builds = _PANELS.get(Role(role), [])
    if build in builds:
        builds.remove(build)


def registered(session: Session, *, actor: Actor, today: dt.date) -> list[Panel]:
    panels = [build(session, actor=actor, today=today) for build in _PANELS.get(Role(actor.role), [])]
    return [p for p in panels if p is not None]
