"""Each role's dashboard (reads only): the director's cockpit, a department head's department, the supervisors'
overdue work, a clerk's own month. Then the panels other domains registered (panels.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.dashboards import cockpit, department, panels, supervisor
from xiaoneng.dashboards.period import period_of
from xiaoneng.dashboards.shapes import Dashboard
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor

BUILDERS = {Role.DIRECTOR: cockpit.build, Role.DEPT_HEAD: department.build_department,
            Role.SUPERVISOR: supervisor.build, Role.WINDOW_STAFF: department.build_own}


def dashboard_for(session: Session, *, actor: Actor, today: dt.date | None = None) -> Dashboard | None:
    """The actor's dashboard, or None for a role that has none (the admin's home is the setup status)."""
    if actor.role is None or Role(actor.role) not in BUILDERS:
        return None
    today = today or clock.today()
    board = BUILDERS[Role(actor.role)](session, actor=actor, period=period_of(today), today=today)
    board.panels += panels.registered(session, actor=actor, today=today)
    return board
