"""JSON API of cases: list, receive, read, and the clock events and step completion."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from xiaoneng.cases import service
from xiaoneng.cases.schemas import CaseCreate, CasePage, CaseRead, ExtensionIn, Notice, StepRead
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


@api.post("/{case_id}/notice", response_model=CaseRead)
def notice(case_id: Id, body: Notice, db: DbSession, actor: Writer):
    """One-time notice of missing materials: the clock stops."""
    return service.issue_notice(db, actor=actor, case_id=case_id, materials=body.materials)


@api.post("/{case_id}/supplement", response_model=CaseRead)
def supplement(case_id: Id, db: DbSession, actor: Writer):
    """Supplementary materials received: the clock restarts from zero."""
    return service.receive_supplement(db, actor=actor, case_id=case_id)


@api.post("/{case_id}/extend", response_model=CaseRead)
def extend(case_id: Id, body: ExtensionIn, db: DbSession, actor: Writer):
    """A leader-approved extension with its reason."""
    return service.extend(db, actor=actor, case_id=case_id, **body.model_dump())
