"""The cases' figures of a center's period, each one GROUP BY in the database: volume by department, window and
item, online share, 延时服务 (reports/rules.py says what counts), completions on time and overdue, the monthly trend.

A case counts in the period it was received in (办件量, 网办量, 延时服务); completions and lateness in the period
they were completed in; open overdue cases as they stood at the period's end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.calendar import service as calendar
from xiaoneng.errors import XiaonengError
from xiaoneng.cases.models import Case, CaseOrigin, CaseStatus
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Department, Window
from xiaoneng.reports import rules, sql


@dataclass(frozen=True)
class CaseCounts:
    received: int = 0
    online: int = 0
    extended: int = 0
    completed: int = 0
    late: int = 0  # completed after the due day

    @property
    def on_time_rate(self) -> float | None:
        return rules.rate(self.completed - self.late, self.completed)

    @property
    def online_share(self) -> float | None:
        return rules.rate(self.online, self.received)


def _pairs(session: Session, stmt) -> dict:
    return {key: value for key, value in session.execute(stmt)}


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _extended(session: Session, center_id: int, start: dt.date, end: dt.date):
    """The SQL condition of 延时服务 for window cases received in [start, end]."""
    cal = calendar.get_calendar(session, center_id=center_id)
    minute = sql.local_minute(session, Case.received_at)
    condition = and_(*[or_(minute < a, minute >= b) for a, b in rules.REGULAR_HOURS])
    off_days = [d.isoformat() for d in _days(start, end) if not _working(cal, d)]
    if off_days:
        condition = or_(condition, sql.local_day_text(session, Case.received_at).in_(off_days))
    return and_(Case.origin == CaseOrigin.WINDOW, condition)


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _working(cal, day: dt.date) -> bool:
    try:
        return cal.is_working_day(day)
    except XiaonengError:  # a year the calendar does not cover: weekdays count as working days
        return day.weekday() < 5


def _received(session: Session, center_id: int, start: dt.date, end: dt.date):
    low, high = sql.utc_bounds(start, end)
    return [Case.center_id == center_id, Case.received_at >= low, Case.received_at < high]


def _completed(center_id: int, start: dt.date, end: dt.date):
    return [Case.center_id == center_id, Case.completed_on >= start, Case.completed_on <= end,
            Case.status == CaseStatus.COMPLETED]


LATE = and_(Case.due_on.is_not(None), Case.completed_on > Case.due_on)


def counts_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, key=None, where=()) -> dict:
    """{key value: CaseCounts} (key a Case column; None: one row for the center under the key None)."""
    extended = _extended(session, center_id, start, end)
    group = [key] if key is not None else []
    received = select(*group, func.count(), _sum(Case.origin == CaseOrigin.ONLINE), _sum(extended)) \
        .where(*_received(session, center_id, start, end), *where).group_by(*group)
    completed = select(*group, func.count(), _sum(LATE)).where(*_completed(center_id, start, end), *where) \
        .group_by(*group)
    out: dict = {}
    for row in session.execute(received):
        k, values = (row[0], row[1:]) if group else (None, row)
        out[k] = [int(v) for v in values] + [0, 0]
    for row in session.execute(completed):
        k, values = (row[0], row[1:]) if group else (None, row)
        out.setdefault(k, [0, 0, 0, 0, 0])[3:5] = [int(v) for v in values]
    return {k: CaseCounts(*v) for k, v in out.items()}


def totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> CaseCounts:
    return counts_by(session, center_id=center_id, start=start, end=end).get(None, CaseCounts())


def open_overdue(session: Session, *, center_id: int, ends: list[dt.date]) -> list[int]:
    """For each day of `ends`, the cases past their due day and not completed as that day ended (不予受理 ends the
    clock: never overdue), in one scan."""
    counts = []
    for end in ends:
        _, high = sql.utc_bounds(end, end)
        counts.append(_sum(and_(Case.received_at < high, Case.due_on < end,
                                or_(Case.completed_on.is_(None), Case.completed_on > end))))
    stmt = select(*counts).where(Case.center_id == center_id, Case.due_on.is_not(None), Case.due_on < max(ends),
                                 Case.status != CaseStatus.REJECTED,
                                 or_(Case.completed_on.is_(None), Case.completed_on > min(ends)))
    return [int(v) for v in session.execute(stmt).one()]


@dataclass(frozen=True)
class Named:
    name: str
    counts: CaseCounts


def by_department(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list[Named]:
    found = counts_by(session, center_id=center_id, start=start, end=end, key=Case.department_id)
    names = _pairs(session, select(Department.id, Department.name).where(Department.center_id == center_id))
    return sorted((Named(names.get(k, "未分部门"), v) for k, v in found.items()),
                  key=lambda n: (-n.counts.received, n.name))


def by_window(session: Session, *, center_id: int, start: dt.date, end: dt.date, limit: int = 30) -> list[Named]:
    found = counts_by(session, center_id=center_id, start=start, end=end, key=Case.window_id)
    names = _pairs(session, select(Window.id, Window.name).where(Window.center_id == center_id))
    named = [Named(names.get(k, ""), v) for k, v in found.items() if k is not None]
    return sorted(named, key=lambda n: (-n.counts.received, n.name))[:limit]


def by_item(session: Session, *, center_id: int, start: dt.date, end: dt.date, limit: int = 20) -> list[Named]:
    """The items received most in the period (the few most asked for: the report's table of items)."""
    top = select(Case.item_id).where(*_received(session, center_id, start, end)).group_by(Case.item_id) \
        .order_by(func.count().desc(), Case.item_id).limit(limit)
    ids = list(session.scalars(top))
    if not ids:
        return []
    found = counts_by(session, center_id=center_id, start=start, end=end, key=Case.item_id,
                      where=[Case.item_id.in_(ids)])
    names = _pairs(session, select(ServiceItem.id, ServiceItem.name).where(ServiceItem.id.in_(ids)))
    return sorted((Named(names.get(i, ""), found[i]) for i in ids if i in found),
                  key=lambda n: (-n.counts.received, n.name))


def total_of(named: list[Named]) -> CaseCounts:
    """The center's counts as the sum of its departments' (every case has a department)."""
    return CaseCounts(*(sum(getattr(n.counts, f) for n in named)
                        for f in ("received", "online", "extended", "completed", "late")))


def _monthly(session: Session, center_id: int, start: dt.date, end: dt.date) -> dict[str, object]:
    """{YYYY-MM: the dashboards' Totals} of the months of [start, end] (start a month's first day), read from their
    daily rollup up to its mark and from the cases after it: a year's trend without reading a year of cases."""
    from xiaoneng.dashboards import figures as dashboard_figures

    months = rules.month_starts(start, end)
    found = dashboard_figures.month_counts(session, actor=system_actor(center_id), months=months, end=end)
    return {f"{m.year:04d}-{m.month:02d}": t for m, t in zip(months, found, strict=True)}


def monthly_volume(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """{YYYY-MM: (received, online)} over [start, end]: the trend chart's points."""
    return {m: (t.cases_received, t.cases_online) for m, t in _monthly(session, center_id, start, end).items()
            if t.cases_received}


def monthly_completion(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """{YYYY-MM: (completed, late)}."""
    return {m: (t.cases_completed, t.cases_late) for m, t in _monthly(session, center_id, start, end).items()
            if t.cases_completed}


def late_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, department_id: int, key) -> dict:
    """{key value: late completions} of one department: what an on-time rate's fall came from."""
    stmt = select(key, func.count()).where(*_completed(center_id, start, end), Case.department_id == department_id,
                                           LATE).group_by(key)
    return {k: int(n) for k, n in session.execute(stmt)}
