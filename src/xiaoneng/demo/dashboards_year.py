"""The demo's last step: the home pages' rollup of the year just written (dashboards/rollup.py), as the hourly job
would have kept it, so the scaled demo's dashboards open at once."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.dashboards import rollup
from xiaoneng.kit import clock


def add_dashboard_rollup(session: Session, ctx) -> None:
    session.flush()
    rollup.refresh(session, today=ctx.today, now=clock.utcnow())
