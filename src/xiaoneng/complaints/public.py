"""The public pages of complaints, without an account: the online form of a center (a reference number given at
once) and the look-up by number and phone. Counted per client address like the other public pages; the form
carries the session's CSRF token (an anonymous session has one too), a look-up only reads."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.complaints import common, intake, rules, service
from xiaoneng.errors import NotFound, TooManyRequests, ValidationFailed
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, client_ip, limit_public
from xiaoneng.web.templating import render

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
FIELDS = ("kind", "content", "complainant_name", "complainant_phone", "complainant_contact", "department_id")
PUBLIC_STEPS = {"public": "提交", "register": "登记", "import": "登记", "assign": "分派承办单位", "sign": "承办单位签收",
                "answer": "答复", "callback": "回访", "reopen": "重新办理", "escalate": "提请中心领导",
                "decide": "中心领导批示", "close": "办结", "merged": "与已有投诉合并办理"}


def _center(db, code: str):
    center = org.find_center_by_code(db, actor=system_actor(name="public"), code=code)
    if center is None or not center.active:
        raise NotFound("该服务中心不存在")
    return center


def _form(request: Request, db, center, values: dict, errors: dict, status_code: int = 200):
    departments = [d for d in org.department_choices(db, actor=system_actor(center.id)) if d.active]
    return render(request, "complaints/public_form.html",
                  {"center": center, "values": values, "errors": errors, "departments": departments,
                   "kinds": {k: rules.KIND_LABELS[k] for k in intake.PUBLIC_KINDS}}, status_code=status_code)


@router.get("/complain/{center_code}")
def form_page(center_code: str, request: Request, db: DbSession):
    limit_public(request, "complaint")
    return _form(request, db, _center(db, center_code), {"kind": "complaint"}, {})


@router.post("/complain/{center_code}")
async def submit(center_code: str, request: Request, db: DbSession):
    limit_public(request, "complaint")
    center = _center(db, center_code)
    form = await request.form()
    values = {f: str(form.get(f, ""))[:4000] for f in FIELDS}
    try:
        complaint = service.submit_public(db, center_code=center.code, ip=client_ip(request), **values)
    except (ValidationFailed, TooManyRequests) as exc:
        db.rollback()
        return _form(request, db, center, values, {exc.field or "form": exc.message}, status_code=exc.status_code)
    request.session["complaint_receipt"] = complaint.number  # post, redirect, get: a refresh sends nothing again
    return RedirectResponse(f"/complain/{center.code}/done", status_code=303)


@router.get("/complain/{center_code}/done")
def done_page(center_code: str, request: Request, db: DbSession):
    limit_public(request, "complaint")
    center = _center(db, center_code)
    number = request.session.get("complaint_receipt")
    if not number:
        return RedirectResponse(f"/complain/{center.code}", status_code=303)
    return render(request, "complaints/public_done.html", {"center": center, "number": number})


@router.get("/complaint")
def lookup_page(request: Request):
    limit_public(request, "complaint")
    return render(request, "complaints/lookup.html", {"values": {}, "found": None, "asked": False})


@router.post("/complaint")
async def lookup(request: Request, db: DbSession):
    limit_public(request, "complaint")
    form = await request.form()
    values = {"number": str(form.get("number", ""))[:40], "phone": str(form.get("phone", ""))[:20]}
    found = service.public_lookup(db, number=values["number"], phone=values["phone"])
    steps = []
    if found is not None:
        steps = [(e.at, PUBLIC_STEPS[e.kind]) for e in common.trail(db, found) if e.kind in PUBLIC_STEPS]
    ctx = {"values": values, "found": found, "asked": True, "steps": steps, "statuses": rules.STATUS_LABELS,
           "kinds": rules.KIND_LABELS, "callbacks": rules.CALLBACK_LABELS}
    return render(request, "complaints/lookup.html", ctx, status_code=200 if found else 404)
