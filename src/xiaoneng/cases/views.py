"""Pages of cases (办件): list, receive a new case, and the case with its steps, clock and events."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.cases import exports, extensions, panels, service
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.models import APPLICANT_TYPE_LABELS, CASE_STATUS_LABELS, CaseOrigin
from xiaoneng.cases.rules import CLOCK_STATUS_LABELS, EXTENSION_STATUS_LABELS, ExtensionStatus
from xiaoneng.errors import ValidationFailed, XiaonengError
from xiaoneng.items import service as items
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import PageNo, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.masking import mask_id_number, mask_phone
from xiaoneng.org import service as org
from xiaoneng.org.models import Staff, Window
from xiaoneng.ratings import edge
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/cases", dependencies=[Depends(require_csrf)], include_in_schema=False)
Reader = require_permission("cases.read")
Writer = require_permission("cases.write")
NEW_FIELDS = ("item_id", "window_id", "applicant_type", "applicant_name", "applicant_phone", "applicant_id_number",
              "origin")


def _int(value) -> int | None:
    return id_or_none(value)


def _names(db, actor, model, ids) -> dict:
    return org.related(db, actor=actor, model=model, ids=ids)


def list_filters(params) -> dict:
    """The list's filters from its query parameters (shared by the page and its export)."""
    return {"q": params.get("q", ""), "status": params.get("status") or None, "overdue": bool(params.get("overdue")),
            "due_soon": bool(params.get("due_soon")),
            "department_id": id_or_none(params.get("department_id"), "department_id")}


@router.get("")
def case_list(request: Request, db: DbSession, actor=Reader, page: PageNo = 1):
    q = request.query_params
    result = service.list_cases(db, actor=actor, page=page, **list_filters(q))
    params = {"q": q.get("q", ""), "status": q.get("status", ""), "overdue": q.get("overdue", ""),
              "due_soon": q.get("due_soon", ""), "department_id": q.get("department_id", "")}
    # Center roles see every department's cases: let them narrow the list to one.
    departments = ([] if actor.department_id or not actor.can("org.read")
                   else org.list_departments(db, actor=actor, per_page=200).items)
    base = "/cases?" + urlencode({k: v for k, v in params.items() if v})
    return render(request, "cases/list.html", {
        "page": result, "params": params, "statuses": CASE_STATUS_LABELS, "departments": departments,
        "items": _names(db, actor, ServiceItem, [c.item_id for c in result.items]),
        "prev_url": f"{base}&page={page - 1}" if page > 1 else None,
        "next_url": f"{base}&page={page + 1}" if page < result.pages else None,
        "can_write": actor.can("cases.write"), "export_url": export_link(request, "/cases/export.xlsx", params),
    }, actor=actor)


@router.get("/export.xlsx")
def case_export(request: Request, db: DbSession, actor=Reader):
    """Every case the list's filters match, as XLSX."""
    filters = list_filters(request.query_params)
    return xlsx_download(request, db, actor=actor, what="cases", label="办件",
                         build=lambda session: exports.sheet(session, actor=actor, filters=filters))


def _settings_page(request, db, actor, *, value, error=None, status_code=200):
    low, high = case_settings.DUE_SOON_BOUNDS
    return render(request, "cases/settings.html", {"value": value, "error": error, "low": low, "high": high,
                                                    "flash": take_flash(request)},
                  status_code=status_code, actor=actor)


# Before "/{case_id}": "settings" is no case.
@router.get("/settings")
def settings_page(request: Request, db: DbSession, actor=Reader):
    """The center's due-soon span, edited by its admin."""
    actor.require("org.write")
    return _settings_page(request, db, actor, value=str(case_settings.due_soon_days(db, center_id=actor.center_id)))


@router.post("/settings")
async def save_settings(request: Request, db: DbSession, actor=Reader):
    actor.require("org.write")
    value = str((await request.form()).get("due_soon_days", "")).strip()
    try:
        case_settings.update(db, actor=actor, due_soon_days=value)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, db, actor, value=value, error=exc.message, status_code=422)
    flash(request, f"已保存：离办结期限 {value} 个工作日内的办件标为即将到期")
    return RedirectResponse("/cases/settings", status_code=303)


def _new_form(request, db, actor, values, errors, status_code=200):
    return render(request, "cases/new.html", {
        "values": values, "errors": errors,
        "items": items.list_items(db, actor=actor, per_page=200).items,
        "windows": org.window_choices(db, actor=actor),
        "applicant_types": APPLICANT_TYPE_LABELS,
    }, status_code=status_code, actor=actor)


@router.get("/new")
def new_case(request: Request, db: DbSession, actor=Writer):
    # A clerk receives at their own window: preselect it (they may still pick another of the department's).
    own_window = str(actor.window_id) if actor.window_id else ""
    return _new_form(request, db, actor, {"applicant_type": "person", "origin": "window", "window_id": own_window}, {})


@router.post("/new")
async def create_case(request: Request, db: DbSession, actor=Writer):
    form = await request.form()
    values = {f: str(form.get(f, "")).strip() for f in NEW_FIELDS}
    try:
        if not _int(values["item_id"]):
            raise ValidationFailed("请选择办理事项", field="item_id")
        origin = values["origin"] or CaseOrigin.WINDOW
        case = service.create_case(
            db, actor=actor, item_id=_int(values["item_id"]), window_id=_int(values["window_id"]),
            handler_id=actor.user_id if origin == CaseOrigin.WINDOW else None,
            applicant_type=values["applicant_type"] or "person", applicant_name=values["applicant_name"],
            applicant_phone=values["applicant_phone"], applicant_id_number=values["applicant_id_number"],
            origin=origin)
    except ValidationFailed as e:
        db.rollback()
        return _new_form(request, db, actor, values, {e.field or "applicant_name": e.message}, status_code=422)
    return RedirectResponse(f"/cases/{case.id}", status_code=303)


def detail_page(request, db, actor, case_id, *, error: str | None = None, status_code: int = 200):
    """The case page; other domains' forms on it (cases.panels) re-render through it with their error."""
    case = service.get_case(db, actor=actor, case_id=case_id)
    see_personal = actor.can("personal.read")
    events = service.case_events(db, actor=actor, case_id=case.id)
    requests = extensions.case_requests(db, actor=actor, case_id=case.id)
    pending = next((r for r in requests if r.status == ExtensionStatus.PENDING), None)
    staff = _names(db, actor, Staff, [case.handler_id] + [s.handler_id for s in case.steps]
                   + [r.requested_by_id for r in requests] + [r.decided_by_id for r in requests])
    response = render(request, "cases/detail.html", {
        "case": case, "item": db.get(ServiceItem, case.item_id), "window": db.get(Window, case.window_id)
        if case.window_id else None, "staff": staff, "events": events,
        "clock": service.case_clock(db, actor=actor, case_id=case.id, events=events), "today": clock.today(),
        "statuses": CASE_STATUS_LABELS, "clock_labels": CLOCK_STATUS_LABELS,
        "phone": case.applicant_phone if see_personal else mask_phone(case.applicant_phone),
        "id_number": case.applicant_id_number if see_personal else mask_id_number(case.applicant_id_number),
        "extension_requests": requests, "pending_extension": pending, "extension_labels": EXTENSION_STATUS_LABELS,
        "can_decide": pending is not None and extensions.may_decide(actor, case, pending),
        "rating_open": _rating_open(case), "error": error, "flash": take_flash(request),
        "flash_kind": request.session.pop("flash_kind", None),
        "can_write": actor.can("cases.write"), "applicant_types": APPLICANT_TYPE_LABELS,
        "can_invite": actor.can("cases.write") and bool(case.applicant_phone),
        "panels": panels.panels(db, actor=actor, case=case, request=request),
    }, status_code=status_code, actor=actor)
    return edge.mark_staff_device(request, response)  # ratings later sent from this browser are flagged


def _new_due(value):
    try:
        return parse_date(value, "new_due")
    except ValidationFailed:
        raise ValidationFailed("延期后的办结期限不是有效日期（格式 YYYY-MM-DD）", field="new_due") from None


def _rating_open(case) -> set[int]:
    """The completed steps still open for the applicant's rating. Staff never see the applicant's link (they
    could rate their own service with it): they can have it sent to the applicant by SMS."""
    today = clock.today()
    return {s.id for s in case.steps if s.completed_at and not s.rating_closed and s.rating_due_on
            and today <= s.rating_due_on}


@router.get("/{case_id}")
def case_detail(case_id: str, request: Request, db: DbSession, actor=Reader):
    return detail_page(request, db, actor, case_id)


@router.post("/{case_id}/{action}")
async def case_action(case_id: str, action: str, request: Request, db: DbSession, actor=Writer):
    form = await request.form()
    try:
        if action == "accept":
            service.accept_case(db, actor=actor, case_id=case_id)
        elif action == "complete-step":
            service.complete_step(db, actor=actor, case_id=case_id)
        elif action == "supplement":
            service.receive_supplement(db, actor=actor, case_id=case_id)
        elif action == "extension-request":
            extensions.request_extension(
                db, actor=actor, case_id=case_id, reason=str(form.get("reason", "")),
                new_due=_new_due(form.get("new_due")))
            flash(request, "延期申请已提交，等待科室负责人或中心领导审批")
        else:
            return RedirectResponse(f"/cases/{case_id}", status_code=303)
    except XiaonengError as e:
        if e.status_code == 404:
            raise
        db.rollback()
        return detail_page(request, db, actor, case_id, error=e.message, status_code=e.status_code)
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/{case_id}/extension-requests/{request_id}/{decision}")
async def extension_decision(case_id: str, request_id: str, decision: str, request: Request, db: DbSession,
                             actor=Reader):
    """A leader approves or refuses an extension request from the case page."""
    form = await request.form()
    try:
        if decision == "approve":
            extensions.approve(db, actor=actor, request_id=request_id, note=str(form.get("note", "")))
            flash(request, "已批准延期，已通知申请人")
        elif decision == "refuse":
            extensions.refuse(db, actor=actor, request_id=request_id, note=str(form.get("note", "")))
            flash(request, "已退回延期申请")
    except XiaonengError as e:
        if e.status_code == 404:
            raise
        db.rollback()
        return detail_page(request, db, actor, case_id, error=e.message, status_code=e.status_code)
    return RedirectResponse(f"/cases/{case_id}#extension", status_code=303)
