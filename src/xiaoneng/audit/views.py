"""The audit log page: recent records of the user's center, and an on-demand check of the whole chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from xiaoneng.audit import service
from xiaoneng.kit.clock import local
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import render

router = APIRouter(prefix="/admin/audit", dependencies=[Depends(require_csrf)])


@router.get("")
def audit_page(request: Request, db: DbSession, actor: CurrentUser, entity: str | None = None,
               entity_id: str | None = None, verify: bool = False):
    records = service.list_records(db, actor=actor, entity=entity or None, entity_id=entity_id or None, limit=200)
    problem = service.verify(db) if verify else None
    return render(request, "audit/index.html", {
        "records": records, "entity": entity or "", "entity_id": entity_id or "", "verified": verify,
        "problem": problem, "local": local,
    }, actor=actor)
