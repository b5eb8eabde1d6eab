"""Pages of the phone checks (电话暗访): the list with the form that records a call (filters, search, XLSX), and
publication to the unit."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inspections import phone_checks, visit_queries
from xiaoneng.inspections.common import inspected_points
from xiaoneng.kit import clock
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.bounds import Id, PageNo
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import flash, render

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)
FIELDS = ("point_id", "phone", "connected", "rings", "answered_correctly", "question", "note")
RESULTS = {"ok": "合格", "problem": "有问题"}


def _filters(request: Request) -> tuple[visit_queries.PhoneFilters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "result", "start", "end", "order")}
    return visit_queries.PhoneFilters(q=params["q"], result=params["result"], start=parse_date(params["start"], "start"),
                                      end=parse_date(params["end"], "end"), descending=params["order"] != "asc"), params


def _page(request: Request, db, actor, *, values: dict | None = None, errors: dict | None = None,
          status_code: int = 200, page: int = 1):
    filters, params = _filters(request)
    result = visit_queries.list_checks(db, actor=actor, filters=filters, page=page)
    points = inspected_points(db, actor.center_id)

    def url(**changes) -> str:
        return "/inspections/phone-checks?" + urlencode({k: v for k, v in {**params, **changes}.items() if v})

    ctx = {"page": result, "params": params, "points": {p.id: p for p in points}, "point_list": points,
           "names": org.staff_names(db, center_id=actor.center_id, staff_ids={c.checker_id for c in result.items}),
           "values": values or {"connected": "1"}, "errors": errors or {}, "results": RESULTS,
           "export_url": export_link(request, "/inspections/phone-checks/export.xlsx"), **flashed(request),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None,
           "order_url": url(order="asc" if params["order"] != "asc" else "", page="")}
    return render(request, "inspections/phone_checks.html", ctx, actor=actor, status_code=status_code)


@router.get("/phone-checks")
def checks_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    actor.require("inspections.read")
    return _page(request, db, actor, page=page)


@router.post("/phone-checks")
async def record(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.record")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in FIELDS}
    try:
        check = phone_checks.record_check(db, actor=actor, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _page(request, db, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    flash(request, "已记录电话暗访" + ("：" + "；".join(check.problems) + "，问题待发布后通知责任单位" if check.problems else "：合格"))
    return RedirectResponse("/inspections/phone-checks", status_code=303)


@router.get("/phone-checks/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"电话暗访（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inspection_phone_checks", label="电话暗访",
                         build=lambda s: visit_queries.checks_sheet(s, actor=actor, filters=filters, title=title))


@router.post("/phone-checks/{check_id}/publish")
def publish(check_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    try:
        phone_checks.publish(db, actor=actor, check_id=check_id)
        flash(request, "电话暗访结果已发布，问题已通知责任单位")
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse("/inspections/phone-checks", status_code=303)
