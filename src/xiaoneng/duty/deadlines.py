"""Timed job: a leave still undecided turns due soon when it starts within the center's due-soon span (working
days) and overdue once it has started; whoever decides it (the person's department head, or the directors) is told
once per state, and an overdue one also reaches the supervisors, like every timed duty (B4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.duty import rules
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org


def leave_state(start: dt.date, today: dt.date, calendar_, due_soon_days: int) -> DeadlineState:
    """An undecided leave is overdue from its first day, due soon with at most `due_soon_days` working days left."""
    if today >= start:
        return DeadlineState.OVERDUE
    return (DeadlineState.DUE_SOON if calendar_.get_working_days_delta(today, start) <= due_soon_days
            else DeadlineState.ON_TIME)


class StaffOfRole:
    """Staff of a role (in a department) looked up once per run, however many leaves they decide."""

    def __init__(self, session: Session):
        self.session, self.found = session, {}

    def __call__(self, center_id: int, role: Role, department_id: int | None = None) -> list[int]:
        key = (center_id, role, department_id)
        if key not in self.found:
            page = org.list_staff(self.session, actor=system_actor(center_id), role=str(role),
                                  department_id=department_id, per_page=200)
            self.found[key] = [s.id for s in page.items]
        return self.found[key]


def _deciders(staff: StaffOfRole, absence: Absence) -> list[int]:
    """The head of the person's department, or the directors when there is none but the person."""
    heads = [h for h in staff(absence.center_id, Role.DEPT_HEAD, absence.department_id)
             if h != absence.staff_id] if absence.department_id else []
    return heads or staff(absence.center_id, Role.DIRECTOR)


def refresh_deadlines(session: Session, *, today: dt.date) -> dict:
    counts = {"checked": 0, "notices": 0}
    pending = session.scalars(select(Absence).where(Absence.status == AbsenceStatus.PENDING).order_by(Absence.id))
    calendars, spans, staff = {}, {}, StaffOfRole(session)
    for absence in pending:
        counts["checked"] += 1
        if absence.center_id not in calendars:
            calendars[absence.center_id] = calendar.get_calendar(session, center_id=absence.center_id)
            spans[absence.center_id] = case_settings.due_soon_days(session, center_id=absence.center_id)
        state = leave_state(absence.start_date, today, calendars[absence.center_id], spans[absence.center_id])
        if state is DeadlineState.ON_TIME:
            continue
        name = org.staff_names(session, center_id=absence.center_id, staff_ids={absence.staff_id}).get(
            absence.staff_id, "")
        period = rules.Period.of(absence.start_date, absence.start_half, absence.end_date, absence.end_half)
        kind = rules.ABSENCE_LABELS[rules.AbsenceKind(absence.kind)]
        title = f"请假审批{DEADLINE_STATE_LABELS[state]}：{name} {kind} {period.label()}，尚未审批"
        recipients = list(_deciders(staff, absence))
        if state is DeadlineState.OVERDUE:
            recipients += staff(absence.center_id, Role.SUPERVISOR)
        for recipient in dict.fromkeys(r for r in recipients if r != absence.staff_id):
            note = notifications.notify(session, recipient_id=recipient, kind=f"duty_absence_{state.value}",
                                        title=title, link=f"/duty/absences/{absence.id}",
                                        key=f"duty-absence:{absence.id}:{state.value}:{recipient}",
                                        center_id=absence.center_id)
            counts["notices"] += note is not None
    session.flush()
    return counts
