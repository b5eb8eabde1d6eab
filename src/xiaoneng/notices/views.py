"""Pages of notices: issuing a one-time notice and refusing a case from the case page (errors re-render the case
page with the input kept), the violations list with its XLSX export, and the center's number prefix."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.cases.views import detail_page
from xiaoneng.errors import ValidationFailed, XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.notices import service, violations
from xiaoneng.notices import settings as notice_settings
from xiaoneng.notices.rules import PREFIX_MAX
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession, require_permission
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
Writer = require_permission("cases.write")


def _findings(form, case_material_ids: list[str]) -> tuple[list[dict], list[str]]:
    """The rows the handler marked, in the order of the form, and which material each row is (to mark the field)."""
    rows, ids = [], []
    for key in case_material_ids:
        problem = str(form.get(f"problem_{key}", "")).strip()
        if problem:
            rows.append({"material_id": key, "problem": problem, "reason": str(form.get(f"reason_{key}", ""))})
            ids.append(key)
    return rows, ids


def _again(request: Request, db, actor, case_id, exc: XiaonengError, *, form_name: str, values: dict,
           field: str = ""):
    db.rollback()
    request.state.notice_form = {"values": values, "field": field, "form": form_name}
    return detail_page(request, db, actor, case_id, error=exc.message, status_code=exc.status_code)


@router.post("/cases/{case_id}/notices/issue")
async def issue(case_id: Id, request: Request, db: DbSession, actor=Writer):
    form = await request.form()
    keys = [k[len("problem_"):] for k in form.keys() if k.startswith("problem_")]
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    rows, ids = _findings(form, keys)
    try:
        notice = service.issue_notice(db, actor=actor, case_id=case_id, findings=rows, note=values.get("note", ""))
    except XiaonengError as exc:
        if exc.status_code == 404:
            raise
        field = ""
        if exc.field and exc.field.startswith("findings["):  # findings[2].reason → reason_<material id>
            index, _, name = exc.field[len("findings["):].partition("].")
            field = f"{'reason' if name == 'reason' else 'problem'}_{ids[int(index)]}" if index.isdigit() and \
                int(index) < len(ids) else ""
        return _again(request, db, actor, case_id, exc, form_name="issue", values=values, field=field)
    flash(request, f"已出具一次性告知书 {notice.number}，办件停止计时；请打印一式两份，申请人签名后一份交申请人、一份存档")
    return RedirectResponse(f"/cases/{case_id}#notices", status_code=303)


@router.post("/cases/{case_id}/notices/refuse")
async def refuse(case_id: Id, request: Request, db: DbSession, actor=Writer):
    form = await request.form()
    text = str(form.get("reasons", ""))
    reasons = [line for line in text.replace("\r", "").split("\n") if line.strip()]
    try:
        notice = service.refuse_case(db, actor=actor, case_id=case_id, reasons=reasons, note=str(form.get("note", "")))
    except XiaonengError as exc:
        if exc.status_code == 404:
            raise
        return _again(request, db, actor, case_id, exc, form_name="refuse", values={"reasons": text},
                      field="reasons")
    flash(request, f"已作出不予受理决定，办件计时结束；不予受理告知书 {notice.number} 已生成")
    return RedirectResponse(f"/cases/{case_id}#notices", status_code=303)


def _filters(request: Request) -> tuple[violations.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "department_id", "handler_id", "month", "sort", "order")}
    filters = violations.Filters(q=params["q"], department_id=id_or_none(params["department_id"], "department_id"),
                                 handler_id=id_or_none(params["handler_id"], "handler_id"), month=params["month"],
                                 sort=params["sort"] or "issued", descending=params["order"] != "asc")
    return filters, params


@router.get("/notices/violations")
def violations_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    actor.require("notices.read")
    filters, params = _filters(request)
    result = violations.list_violations(db, actor=actor, filters=filters, page=page)
    departments = org.department_choices(db, actor=actor)
    staff = [s for s in org.staff_choices(db, center_id=actor.center_id)
             if not actor.department_scoped or s.department_id == actor.department_id]

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/notices/violations?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "issued")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    return render(request, "notices/violations.html", {
        "page": result, "params": params, "departments": departments, "staff": staff, "sort_url": sort_url,
        "export_url": export_link(request, "/notices/violations/export.xlsx"),
        "prev_url": url(page=result.page - 1) if result.page > 1 else None,
        "next_url": url(page=result.page + 1) if result.page < result.pages else None,
    }, actor=actor)


@router.get("/notices/violations/export.xlsx")
def violations_export(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("notices.read")
    filters, _ = _filters(request)
    title = f"一次性告知违规{'（' + filters.month + '）' if filters.month else ''}（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="notice_violations", label="一次性告知违规",
                         build=lambda s: violations.sheet(s, actor=actor, filters=filters, title=title))


def _settings_page(request: Request, db, actor, *, value: str, error: str = "", status_code: int = 200):
    return render(request, "notices/settings.html", {
        "value": value, "error": error, "max_len": PREFIX_MAX, "flash": take_flash(request),
        "example": f"{value or '锦政服告'}〔{clock.today().year}〕第0001号"}, actor=actor, status_code=status_code)


@router.get("/notices/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    center_id = actor_center_id(actor)
    return _settings_page(request, db, actor, value=notice_settings.prefix_of(db, center_id=center_id))


@router.post("/notices/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    value = str((await request.form()).get("notice_prefix", "")).strip()
    try:
        notice_settings.update(db, actor=actor, notice_prefix=value)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, db, actor, value=value, error=exc.message, status_code=422)
    flash(request, f"已保存：此后出具的告知书编号为 {value}〔年份〕第××××号")
    return RedirectResponse("/notices/settings", status_code=303)
