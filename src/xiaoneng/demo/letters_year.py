"""The demo year's official letters, drafted from the year's real inspection findings (so it runs after the
inspections' step): early each month the supervisors send a 提示函 to each of the three units with the most
findings of the month before still to rectify, and a 督办函 on those already past their due day; issued through
letters.service, so numbered per kind and calendar year (the serials start again on 1 January) and their heads
told. The current month's letters on what it has found so far wait as drafts. Deterministic from the seed."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.auth import service as auth
from xiaoneng.calendar import service as calendar_service
from xiaoneng.demo.days import at
from xiaoneng.inspections import letters as finding_letters
from xiaoneng.inspections import rules as inspection_rules
from xiaoneng.inspections.common import month_label
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.letters import service as letters

UNITS_A_MONTH = 3
PROBLEMS_MAX = 30  # the problems one letter names


def _month_end(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _pending(f: InspectionFinding, day: dt.date) -> bool:
    known = f.notified_on is not None and f.notified_on <= day
    return known and not any(d is not None and d <= day for d in (f.answered_on, f.closed_on))


def add_letters(session: Session, ctx) -> None:
    gov = ctx.centers["gov"]
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    supervisor = auth.actor_for(next(s for s in ctx.staff if s.username == "supervisor"))
    rows = list(session.scalars(select(InspectionFinding).where(
        InspectionFinding.center_id == gov.id, InspectionFinding.department_id.is_not(None),
        InspectionFinding.status != inspection_rules.FindingStatus.HELD).order_by(InspectionFinding.found_on,
                                                                                   InspectionFinding.id)))
    months = sorted({f.found_on.replace(day=1) for f in rows})
    drafted = issued = 0
    for n, first in enumerate(months):
        end = _month_end(first)
        day = cal.add_working_days(end, 3)  # the 3rd working day of the next month
        waiting = day > ctx.reference_date  # the month still running (or just ended): drafts only
        if waiting:
            day = ctx.reference_date
        of_month = [f for f in rows if first <= f.found_on <= end and _pending(f, day)]
        counts = Counter(f.department_id for f in of_month)
        chosen = sorted(counts, key=lambda d: (-counts[d], d))[:UNITS_A_MONTH]
        for position, department_id in enumerate(chosen):
            mine = [f for f in of_month if f.department_id == department_id][:PROBLEMS_MAX]
            moment = at(day, 9 * 60 + 20 + position * 25)
            written = finding_letters.draft_as_of(
                session, actor=supervisor, rows=mine, subject=f"{month_label(first)}政务服务巡查", day=day, at=moment,
                source=("inspection_findings", None, f"/inspections/findings?start={first.isoformat()}"
                                                     f"&end={end.isoformat()}&department_id={department_id}"))
            drafted += len(written)
            if waiting:
                continue
            for letter in written:
                letters.issue(session, actor=supervisor, letter_id=letter.id, at=moment + dt.timedelta(hours=1))
                issued += 1
    ctx.counts.update({"letters": drafted, "letters_issued": issued})
