"""Every query of the cases domain, each limited to the actor's scope."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case, CaseEvent, CaseStep, ExtensionRequest
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search, starts_with
from xiaoneng.org.models import Department, Staff, Window


def get(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def get_step(session: Session, step_id: int) -> CaseStep | None:
    return session.get(CaseStep, step_id)


def find_by_number(session: Session, *, actor: Actor, number: str) -> Case | None:
    return session.scalar(scoped(select(Case).where(Case.number == number), Case, actor))


def number_count(session: Session, *, center_id: int, prefix: str) -> int:
    return session.scalar(select(func.count(Case.id)).where(Case.center_id == center_id,
                                                            starts_with(Case.number, prefix))) or 0


def events(session: Session, case_id: int) -> list[CaseEvent]:
    return list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                .order_by(CaseEvent.day, CaseEvent.id)))


def cases(*, actor: Actor, q: str | None = None, status: str | None = None, overdue: bool = False,
          handler_id: int | None = None, due_soon: bool = False, department_id: int | None = None) -> Select:
    stmt = scoped(select(Case), Case, actor)
    stmt = search(stmt, q, Case.number, Case.applicant_name)
    if status:
        stmt = stmt.where(Case.status == status)
    if overdue:
        stmt = stmt.where(Case.overdue.is_(True))
    if due_soon:  # stored by the deadline job (cases/deadlines.py)
        stmt = stmt.where(Case.deadline_state == "due_soon")
    if department_id:
        stmt = stmt.where(Case.department_id == department_id)
    if handler_id:
        stmt = stmt.where(Case.handler_id == handler_id)
    return stmt.order_by(Case.received_at.desc(), Case.id.desc())


def running_cases(session: Session) -> list[Case]:
    """Open cases whose clock runs, or whose stored deadline state is still set (to clear it once they are not)."""
    return list(session.scalars(select(Case).where(
        Case.status.not_in(["completed", "rejected"]),
        or_(and_(Case.clock_status == "running", Case.due_on.is_not(None)), Case.deadline_state != "",
            Case.overdue.is_(True)),
    ).order_by(Case.center_id, Case.id)))


def with_names(stmt: Select) -> Select:
    """A list of cases (`cases()`) with the item, department, window and handler names, same order and scope."""
    return (
        stmt.add_columns(ServiceItem.name.label("item"), Department.name.label("department"),
                         Window.name.label("window"), Staff.full_name.label("handler"))
        .outerjoin(ServiceItem, ServiceItem.id == Case.item_id)
        .outerjoin(Department, Department.id == Case.department_id)
        .outerjoin(Window, Window.id == Case.window_id)
        .outerjoin(Staff, Staff.id == Case.handler_id)
    )


def cases_of_account(session: Session, *, account: str) -> list[Case]:
    return list(session.scalars(select(Case).where(Case.applicant_account == account)
                                .order_by(Case.received_at.desc()).limit(50)))


def recent_unrated_step(session: Session, *, center_id: int, window_id: int, since: dt.datetime) -> CaseStep | None:
    stmt = (select(CaseStep).join(Case, Case.id == CaseStep.case_id)
            .where(CaseStep.center_id == center_id, CaseStep.completed_at.is_not(None),
                   CaseStep.completed_at >= since, CaseStep.rating_closed.is_(False),
                   or_(CaseStep.window_id == window_id, and_(CaseStep.window_id.is_(None), Case.window_id == window_id)))
            .order_by(CaseStep.completed_at.desc(), CaseStep.id.desc()).limit(1))
    return session.scalar(stmt)


def extension_requests(session: Session, case_id: int) -> list[ExtensionRequest]:
    return list(session.scalars(select(ExtensionRequest).where(ExtensionRequest.case_id == case_id)
                                .order_by(ExtensionRequest.requested_at.desc(), ExtensionRequest.id.desc())))


def get_extension_request(session: Session, request_id: int) -> ExtensionRequest | None:
    return session.get(ExtensionRequest, request_id)


def extension_requests_in_scope(*, actor: Actor, status: str | None = None) -> Select:
    stmt = scoped(select(ExtensionRequest), ExtensionRequest, actor)
    if status:
        stmt = stmt.where(ExtensionRequest.status == status)
    return stmt.order_by(ExtensionRequest.requested_at.desc(), ExtensionRequest.id.desc())


def latest_extension(session: Session, case_id: int) -> CaseEvent | None:
    return session.scalar(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == "extension")
                          .order_by(CaseEvent.day.desc(), CaseEvent.id.desc()).limit(1))
