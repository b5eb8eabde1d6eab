"""After a year's schedule is saved: open cases' due dates refolded on the new calendar, with their 待核定 flag and
their overdue / due-soon state, and their steps' due dates (subscribed to calendar.service.on_calendar_changed in
xiaoneng.wiring)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import rules, settings
from xiaoneng.cases.models import Case, CaseEvent, CaseStatus, CaseStep
from xiaoneng.cases.service import _fold
from xiaoneng.cases.step_deadlines import refresh as refresh_steps
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor

BATCH = 2000


def first_affected_day(years: set[int]) -> dt.date:
    """A schedule of year Y holds days from late December of Y-1 (元旦); deadlines from then on may move."""
    return dt.date(min(years) - 1, 12, 1)


def _open_ids(session: Session, years: set[int], center_id: int | None) -> list[int]:
    first = first_affected_day(years)
    # A step finished late may be due after its case: its own date counts too.
    step_affected = exists().where(CaseStep.case_id == Case.id,
                                   or_(CaseStep.due_on >= first, CaseStep.due_provisional.is_(True)))
    stmt = select(Case.id).where(Case.status.not_in([CaseStatus.COMPLETED, CaseStatus.REJECTED]),
                                 or_(Case.due_on >= first, Case.due_provisional.is_(True), step_affected))
    if center_id is not None:
        stmt = stmt.where(Case.center_id == center_id)
    return list(session.scalars(stmt.order_by(Case.id)))


def recompute_cases(session: Session, years: set[int], center_id: int | None) -> int:
    """Refold the clock of every open case whose due date may lie in `years`; returns how many moved."""
    if not years:
        return 0
    today = clock.today()
    ids = _open_ids(session, years, center_id)
    calendars: dict[int, object] = {}
    spans: dict[int, int] = {}
    moved_by_center: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        cases = list(session.scalars(select(Case).where(Case.id.in_(chunk))))
        events: dict[int, list[CaseEvent]] = {}
        for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(chunk))
                                 .order_by(CaseEvent.case_id, CaseEvent.day, CaseEvent.id)):
            events.setdefault(e.case_id, []).append(e)
        for case in cases:
            if case.center_id not in calendars:
                calendars[case.center_id] = calendar.get_calendar(session, center_id=case.center_id)
                spans[case.center_id] = settings.due_soon_days(session, center_id=case.center_id)
            cal = calendars[case.center_id]
            if not events.get(case.id):
                continue
            folded = _fold(case, events[case.id], cal)
            steps_moved = refresh_steps(case, events[case.id], cal)
            provisional = bool(folded.due and folded.due.year == cal.provisional_year)
            state = rules.deadline_state(folded.status, folded.due, today, cal, due_soon_days=spans[case.center_id])
            overdue = state is rules.DeadlineState.OVERDUE
            fields = (folded.due, provisional, state.value, overdue)
            changed = (case.due_on, case.due_provisional, case.deadline_state, case.overdue) != fields
            if changed:
                case.due_on, case.due_provisional, case.deadline_state, case.overdue = fields
            if changed or steps_moved:
                moved_by_center[case.center_id] = moved_by_center.get(case.center_id, 0) + 1
        session.flush()
    _audit(session, years, center_id, moved_by_center)
    return sum(moved_by_center.values())


def _audit(session: Session, years: set[int], center_id: int | None, moved: dict[int, int]) -> None:
    audit.record(session, actor=system_actor(center_id, name="calendar"), action="calendar.recompute",
                 entity="case", entity_id=center_id or "", center_id=center_id,
                 detail={"years": sorted(years), "moved": sum(moved.values()), "by_center": moved})


def refold_steps(session: Session, *, center_id: int | None = None) -> int:
    """Every case's step due dates refolded from its events (cases written before steps had due dates, e.g. after
    an upgrade); returns how many steps changed. One audit record."""
    stmt = select(Case.id).order_by(Case.id)
    if center_id is not None:
        stmt = stmt.where(Case.center_id == center_id)
    ids = list(session.scalars(stmt))
    calendars: dict[int, object] = {}
    moved = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        events: dict[int, list[CaseEvent]] = {}
        for e in session.scalars(select(CaseEvent).where(CaseEvent.case_id.in_(chunk))
                                 .order_by(CaseEvent.case_id, CaseEvent.day, CaseEvent.id)):
            events.setdefault(e.case_id, []).append(e)
        for case in session.scalars(select(Case).where(Case.id.in_(chunk))):
            if case.center_id not in calendars:
                calendars[case.center_id] = calendar.get_calendar(session, center_id=case.center_id)
            if events.get(case.id):
                moved += refresh_steps(case, events[case.id], calendars[case.center_id])
        session.flush()
    audit.record(session, actor=system_actor(center_id, name="cli"), action="cases.refold_steps", entity="case",
                 entity_id=center_id or "", center_id=center_id, detail={"count": len(ids), "moved": moved})
    return moved
