"""JSON API of cases: list, receive, read, and the clock events and step completion (one-time notices and refusals,
with their documents, are notices/api.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from xiaoneng.cases import extensions, service
from xiaoneng.cases.schemas import (
    CaseCreate,
    CasePage,
    CaseRead,
    DecisionIn,
    ExtensionIn,
    ExtensionRequestPage,
    ExtensionRequestRead,
    StepRead,
)
from xiaoneng.kit.bounds import Id, PageNo, PerPage
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/cases", tags=["cases"], dependencies=[Depends(require_csrf)])
Reader = Annotated[Actor, require_permission("cases.read")]
Writer = Annotated[Actor, require_permission("cases.write")]


@api.get("", response_model=CasePage)
def list_cases(db: DbSession, actor: Reader, q: str | None = None, status: str | None = None, overdue: bool = False,
               due_soon: bool = False, department_id: Id | None = None, page: PageNo = 1, per_page: PerPage = 20):
    """Cases in scope, newest first; the applicant's name is shown as received (roles here need it)."""
    result = service.list_cases(db, actor=actor, q=q, status=status, overdue=overdue, due_soon=due_soon,
                                department_id=department_id,
                                page=page, per_page=per_page)
    return {"items": result.items, "total": result.total, "page": result.page, "per_page": result.per_page,
            "pages": result.pages}


@api.post("", response_model=CaseRead, status_code=201)
def create_case(body: CaseCreate, db: DbSession, actor: Writer):
    """Receive an application (收件)."""
    return service.create_case(db, actor=actor, **body.model_dump())


@api.get("/extension-requests", response_model=ExtensionRequestPage)
def list_extension_requests(db: DbSession, actor: Reader, status: str | None = None, page: PageNo = 1,
                            per_page: PerPage = 20):
    """Extension requests in scope, newest first (status=pending: those waiting for a leader)."""
    result = extensions.list_requests(db, actor=actor, status=status, page=page, per_page=per_page)
    return {"items": result.items, "total": result.total, "page": result.page, "per_page": result.per_page,
            "pages": result.pages}


@api.post("/extension-requests/{request_id}/approve", response_model=ExtensionRequestRead)
def approve_extension(request_id: Id, body: DecisionIn, db: DbSession, actor: Reader):
    """The department head of the case's department or a center leader approves: the new due date applies."""
    return extensions.approve(db, actor=actor, request_id=request_id, note=body.note)


@api.post("/extension-requests/{request_id}/refuse", response_model=ExtensionRequestRead)
def refuse_extension(request_id: Id, body: DecisionIn, db: DbSession, actor: Reader):
    """The same leaders refuse, with the reason (note); the due date stands."""
    return extensions.refuse(db, actor=actor, request_id=request_id, note=body.note)


@api.get("/{case_id}", response_model=CaseRead)
def read_case(case_id: Id, db: DbSession, actor: Reader):
    return service.get_case(db, actor=actor, case_id=case_id)


@api.post("/{case_id}/accept", response_model=CaseRead)
def accept(case_id: Id, db: DbSession, actor: Writer):
    return service.accept_case(db, actor=actor, case_id=case_id)


@api.post("/{case_id}/complete-step", response_model=StepRead)
def complete_step(case_id: Id, db: DbSession, actor: Writer):
    """Complete the next open step; it invites a rating for 5 working days."""
    return service.complete_step(db, actor=actor, case_id=case_id)


@api.post("/{case_id}/supplement", response_model=CaseRead)
def supplement(case_id: Id, db: DbSession, actor: Writer):
    """Supplementary materials received: the clock restarts from zero."""
    return service.receive_supplement(db, actor=actor, case_id=case_id)


@api.get("/{case_id}/extension-requests", response_model=list[ExtensionRequestRead])
def case_extension_requests(case_id: Id, db: DbSession, actor: Reader):
    return extensions.case_requests(db, actor=actor, case_id=case_id)


@api.post("/{case_id}/extension-requests", response_model=ExtensionRequestRead, status_code=201)
def request_extension(case_id: Id, body: ExtensionIn, db: DbSession, actor: Writer):
    """The handler asks for a later due date with the reason; the leaders who may approve it are notified."""
    return extensions.request_extension(db, actor=actor, case_id=case_id, **body.model_dump())
