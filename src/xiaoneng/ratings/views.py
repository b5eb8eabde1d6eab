"""Staff pages of 好差评: the scoped list with filters, one rating, entering a social rating, printing QR sheets."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from xiaoneng.cases import service as cases
from xiaoneng.errors import Conflict, ValidationFailed, XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.org import service as org
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings import exports, qrsheets, social
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import CHANNEL_LABELS, LEVEL_LABELS, Level, SocialSource
from xiaoneng.ratings.schemas import RatingRead
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render

router = APIRouter(prefix="/ratings", dependencies=[Depends(require_csrf)], include_in_schema=False)
Reader = require_permission("ratings.read")
Enterer = require_permission("ratings.enter")
Printer = require_permission("ratings.qr")
CaseWriter = require_permission("cases.write")
LEVELS = [(int(level), LEVEL_LABELS[level]) for level in sorted(Level, reverse=True)]
SOCIAL_FIELDS = ("social_source", "level", "comment", "window_id", "staff_id", "case_number", "rater_name",
                 "rater_phone")


def list_filters(params) -> dict:
    """The list filters from query parameters (shared by the page and the API)."""
    level = params.get("level", "")
    return {
        "level": int(level) if level.isdigit() and 1 <= int(level) <= 5 else None,
        "channel": params.get("channel") or None,
        "bad_only": params.get("bad_only") in ("1", "on", "true"),
        "include_default": params.get("include_default", "1") in ("1", "on", "true"),
        "flagged": params.get("flagged") in ("1", "on", "true"),
        "start": parse_date(params.get("start", ""), "start"),
        "end": parse_date(params.get("end", ""), "end"),
        "department_id": id_or_none(params.get("department_id"), "department_id"),
        "window_id": id_or_none(params.get("window_id"), "window_id"),
        "staff_id": id_or_none(params.get("staff_id"), "staff_id"),
        "q": (params.get("q") or "").strip()[:100] or None,
    }


@router.get("")
def rating_list(request: Request, db: DbSession, actor=Reader, page: PageNo = 1):
    params = dict(request.query_params)
    error = ""
    try:
        filters = list_filters(params)
    except ValidationFailed as exc:
        error, filters = exc.message, list_filters({k: v for k, v in params.items() if k not in ("start", "end")})
    result = ratings.list_ratings(db, actor=actor, page=page, **filters)
    personal = actor.can("personal.read")
    query = {k: v for k, v in params.items() if k != "page" and v}
    base = "/ratings?" + urlencode(query) + ("&" if query else "")
    return render(request, "ratings/list.html", {
        "rows": [RatingRead.of(r, personal=personal) for r in result.items], "page": result, "params": params,
        "filters": filters, "levels": LEVELS, "channels": {c.value: label for c, label in CHANNEL_LABELS.items()},
        "windows": org.related(db, actor=actor, model=Window, ids=[r.window_id for r in result.items]),
        "staff": org.related(db, actor=actor, model=Staff, ids=[r.staff_id for r in result.items]),
        "prev_url": f"{base}page={page - 1}" if page > 1 else None,
        "next_url": f"{base}page={page + 1}" if page < result.pages else None,
        "flash": error, "flash_kind": "error" if error else None, "can_enter": actor.can("ratings.enter"),
        "export_url": export_link(request, "/ratings/export.xlsx"),
        "departments": org.department_choices(db, actor=actor) if actor.can("org.read") else [],
        "window_choices": org.window_choices(db, actor=actor) if actor.can("org.read") else [],
    }, actor=actor)


@router.get("/export.xlsx")
def rating_export(request: Request, db: DbSession, actor=Reader):
    """Every rating the list's filters match, as XLSX (bad dates are refused here, not dropped)."""
    filters = list_filters(dict(request.query_params))
    return xlsx_download(request, db, actor=actor, what="ratings", label="评价",
                         build=lambda session: exports.sheet(session, actor=actor, filters=filters))


@router.get("/{rating_id:int}")
def rating_detail(rating_id: Id, request: Request, db: DbSession, actor=Reader):
    rating = ratings.get_rating(db, actor=actor, rating_id=rating_id)
    return render(request, "ratings/detail.html", {
        "r": RatingRead.of(rating, personal=actor.can("personal.read")),
        "follow_ups": ratings.follow_ups(db, actor=actor, rating_id=rating.id),
        "window": org.related(db, actor=actor, model=Window, ids=[rating.window_id]).get(rating.window_id),
        "staff": org.related(db, actor=actor, model=Staff, ids=[rating.staff_id]).get(rating.staff_id),
        "department": org.related(db, actor=actor, model=Department, ids=[rating.department_id]).get(
            rating.department_id),
    }, actor=actor)


def _social_form(request, db, actor, values, errors, status_code=200):
    return render(request, "ratings/social.html", {
        "values": values, "errors": errors, "levels": LEVELS, "sources": [s.value for s in SocialSource],
        "windows": org.window_choices(db, actor=actor),
        "staff": org.list_staff(db, actor=actor, per_page=200).items,
    }, status_code=status_code, actor=actor)


@router.get("/social")
def social_page(request: Request, db: DbSession, actor=Enterer):
    return _social_form(request, db, actor, {}, {})


@router.post("/social")
async def social_submit(request: Request, db: DbSession, actor=Enterer):
    form = await request.form()
    values = {f: str(form.get(f, "")).strip() for f in SOCIAL_FIELDS}
    try:
        rating = social.enter_social(db, actor=actor, **values)
    except XiaonengError as exc:
        db.rollback()
        return _social_form(request, db, actor, values, {exc.field or "form": exc.message},
                            status_code=exc.status_code)
    return RedirectResponse(f"/ratings/{rating.id}", status_code=303)


@router.get("/qr")
def qr_page(request: Request, db: DbSession, actor=Printer):
    return render(request, "ratings/qr.html", {
        "windows": org.window_choices(db, actor=actor),
        "departments": org.department_choices(db, actor=actor),
        "days": request.app.state.settings.qr_token_days, "base_url": request.app.state.settings.public_base_url,
    }, actor=actor)


def _int(value) -> int | None:
    return id_or_none(value)


def _pdf(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/pdf",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/qr/windows.pdf")
def qr_windows(request: Request, db: DbSession, actor=Printer, window_id: str = "", department_id: str = ""):
    settings = request.app.state.settings
    sheets = qrsheets.window_sheets(db, actor=actor, base_url=settings.public_base_url, secret=settings.secret_key,
                                    now=clock.now(), days=settings.qr_token_days, window_id=_int(window_id),
                                    department_id=_int(department_id))
    return _pdf(qrsheets.window_pdf(sheets), "windows-qr.pdf")


@router.get("/qr/staff.pdf")
def qr_staff(request: Request, db: DbSession, actor=Printer, department_id: str = ""):
    settings = request.app.state.settings
    sheets = qrsheets.staff_sheets(db, actor=actor, base_url=settings.public_base_url, secret=settings.secret_key,
                                   now=clock.now(), days=settings.qr_token_days, department_id=_int(department_id))
    return _pdf(qrsheets.staff_pdf(sheets), "staff-qr.pdf")


@router.post("/steps/{step_id:int}/invite")
def invite_applicant(step_id: int, request: Request, db: DbSession, actor=CaseWriter):
    """Send the applicant the step's rating link by SMS (staff never see the link itself); back to the case."""
    settings = request.app.state.settings
    step = cases.get_step(db, actor=actor, step_id=step_id)
    try:
        ratings.send_applicant_link(db, actor=actor, step_id=step.id, now=clock.now(), settings=settings)
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    else:
        flash(request, f"已通过短信向申请人发送“{step.name}”环节的评价链接")
    return RedirectResponse(f"/cases/{step.case_id}", status_code=303)
