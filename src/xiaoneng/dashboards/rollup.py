"""Keeping the rollup (models.DashboardDay): the hourly `dashboard_rollup` job and `xiaoneng dashboards rollup`.

Each run recounts, per center, the days from REOPEN_DAYS before its mark (or from the first day with data) up to
yesterday and moves the mark to yesterday; today is always counted from the source tables. A run that changed any
day's figures is audited with the number of days changed (a run that found nothing new writes no record).
Data written for a day further back than REOPEN_DAYS (an import of an old year) is counted after
`xiaoneng dashboards rollup --from YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.dashboards import repository as repo
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor

# Days recounted on every run: default ratings are dated the day after their window closed (5 working days after
# the service, up to a fortnight across a holiday), so a job that catches up writes into days already counted.
REOPEN_DAYS = 31


def refresh_center(session: Session, *, center_id: int, today: dt.date, now: dt.datetime,
                   since: dt.date | None = None) -> int:
    """Recount the center's days and move its mark to yesterday; returns how many days' figures changed."""
    end = today - dt.timedelta(days=1)
    through = repo.rollup_through(session, center_id)
    start = since or (through - dt.timedelta(days=REOPEN_DAYS - 1) if through else repo.first_day(session, center_id))
    if start is None or start > end:  # nothing rated or handled yet, or counted already today
        return 0
    actor = system_actor(center_id, name="dashboard_rollup")
    fresh = repo.source_counts(session, actor=actor, start=start, end=end, by=("day", "department", "staff"))
    before = repo.rollup_rows(session, center_id=center_id, start=start, end=end)
    after = {key: t.as_tuple() for key, t in fresh.items() if any(t.as_tuple())}
    changed = {key[0] for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    repo.replace_rollup(session, center_id=center_id, start=start, end=end, rows=fresh, through=end, now=now)
    if changed:
        audit.record(session, actor=actor, action="dashboards.rollup", entity="center", entity_id=center_id,
                     center_id=center_id, detail={"counted_from": start.isoformat(), "counted_to": end.isoformat(),
                                                  "days_changed": len(changed)})
    return len(changed)


def refresh(session: Session, *, today: dt.date | None = None, now: dt.datetime | None = None,
            since: dt.date | None = None, center_id: int | None = None) -> int:
    """The job: every active center (or one); returns the days changed in all."""
    today = today or clock.today()
    now = now or clock.utcnow()
    centers = [center_id] if center_id is not None else repo.active_centers(session)
    return sum(refresh_center(session, center_id=c, today=today, now=now, since=since) for c in centers)
