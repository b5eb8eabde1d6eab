"""The audit log page: recent records of the user's center, and an on-demand check of the whole chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from xiaoneng.audit import labels, service
from xiaoneng.kit.clock import local
from xiaoneng.rectification.rules import ACTION_LABELS as LOOP_ACTIONS
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import render

LOOP_ACTION_LABELS = {f"rectification.{a.value}": label for a, label in LOOP_ACTIONS.items()}

router = APIRouter(prefix="/admin/audit", dependencies=[Depends(require_csrf)])


@router.get("")
def audit_page(request: Request, db: DbSession, actor: CurrentUser, entity: str | None = None,
               entity_id: str | None = None, verify: bool = False):
    records = service.list_records(db, actor=actor, entity=entity or None, entity_id=entity_id or None, limit=200)
    problem = service.verify(db) if verify else None
    return render(request, "audit/index.html", {
        "records": records, "entity": entity or "", "entity_id": entity_id or "", "verified": verify,
        "problem": problem, "local": local, "action_label": lambda a: labels.action_label(a, LOOP_ACTION_LABELS),
        "entity_label": labels.entity_label, "operator_label": labels.operator_label,
        "detail_fields": labels.detail_fields,
    }, actor=actor)
