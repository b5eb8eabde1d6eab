"""The buttons that draft a 提示函 (or 督办函) from findings: on a finding's page, a visit's page and the findings
list (a month's). The draft opens on the letters pages, to check, edit and issue."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import letters
from xiaoneng.inspections.common import parse_month
from xiaoneng.kit.bounds import Id
from xiaoneng.letters.rules import KIND_LABELS, Kind
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)
REFUSED = (Conflict, NotFound, ValidationFailed)


def _opened(request: Request, drafted: list) -> RedirectResponse:
    if len(drafted) == 1:
        flash(request, f"已起草{KIND_LABELS[Kind(drafted[0].kind)]}草稿：核对、修改后点“印发”编号")
        return RedirectResponse(f"/letters/{drafted[0].id}", status_code=303)
    kinds = "、".join(f"{KIND_LABELS[Kind(k)]} {sum(1 for d in drafted if d.kind == k)} 份"
                     for k in dict.fromkeys(d.kind for d in drafted))
    flash(request, f"已起草{kinds}（每个责任单位一份），请逐份核对后印发")
    return RedirectResponse("/letters?status=draft", status_code=303)


def _refused(request: Request, exc: Exception, back: str) -> RedirectResponse:
    flash(request, getattr(exc, "message", "") or "该问题尚未发布或未指定责任单位，不能发函", "error")
    return RedirectResponse(back, status_code=303)


@router.post("/findings/{finding_id}/letter")
def for_finding(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    back = f"/inspections/findings/{finding_id}"
    try:
        letter = letters.draft_for_finding(db, actor=actor, finding_id=finding_id)
    except REFUSED as exc:
        db.rollback()
        return _refused(request, exc, back)
    return _opened(request, [letter])


@router.post("/visits/{visit_id}/letters")
def for_visit(visit_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    back = f"/inspections/visits/{visit_id}"
    try:
        drafted = letters.draft_for_visit(db, actor=actor, visit_id=visit_id)
    except REFUSED as exc:
        db.rollback()
        return _refused(request, exc, back)
    return _opened(request, drafted)


@router.post("/letters")
async def for_month(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    back = "/inspections/findings"
    try:
        drafted = letters.draft_for_month(db, actor=actor, month=parse_month(str(form.get("month", ""))))
    except REFUSED as exc:
        db.rollback()
        return _refused(request, exc, back)
    return _opened(request, drafted)
