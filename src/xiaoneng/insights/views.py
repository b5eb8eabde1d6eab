"""Pages of insights: the hot topics of a stored period (cards, trend and forecast charts with their tables, the heat
formula), the warnings list (filters, search, sort, XLSX), a warning's page (its test in words, what drove it, the
records behind it, acknowledge or close) and a supervisor's request to compute a month again."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import XiaonengError
from xiaoneng.insights import charts, exports, service, wording
from xiaoneng.insights import repository as repo
from xiaoneng.kit import clock, periods
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.pagination import paginate
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
LABELS = {"measures": wording.MEASURE_LABELS, "units": wording.UNIT_LABELS, "states": wording.STATE_LABELS,
          "parts": wording.PART_LABELS, "sources": wording.SOURCE_LABELS}
SOURCE_LINKS = {"rating": "/ratings/{}", "complaint": "/complaints/{}", "inquiry": "/inquiries/{}"}


@router.get("/insights/topics")
def topics_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("insights.read")
    p = request.query_params
    start, end = parse_date(p.get("start", ""), "start"), parse_date(p.get("end", ""), "end")
    runs = service.topic_runs(db, actor=actor)
    run = service.topic_run(db, actor=actor, start=start, end=end) if start else (runs[0] if runs else None)
    reader = system_actor(actor.center_id)
    departments = {d.id: d.name for d in org.department_choices(db, actor=reader)}
    rows = service.run_topics(db, actor=actor, run=run) if run else []
    points = repo.names(db, "point", {pid for t in rows for pid, _ in t.by_place})
    cards = [{"topic": t, "chart": charts.trend([label for label, _ in t.trend], [v for _, v in t.trend], t.forecast,
                                                 title=f"“{t.name}”各期数量与下期预测")}
             for t in rows]
    dept_rows = [d for d in (run.detail.get("departments", []) if run else [])
                 if not actor.department_scoped or d["department_id"] == actor.department_id]
    labels = [label for label, _ in rows[0].trend] if rows else []
    ctx = {"run": run, "runs": runs, "cards": cards, "departments": departments, "points": points,
           "department_forecasts": dept_rows, "trend_labels": labels,
           "period": wording.period_text(run.period_start, run.period_end) if run else "",
           "period_text": wording.period_text, "source_links": SOURCE_LINKS, "flash": take_flash(request),
           "flash_kind": request.session.pop("flash_kind", None),
           "month": periods.month_first(clock.today() - dt.timedelta(days=clock.today().day)).strftime("%Y-%m"),
           **LABELS}
    return render(request, "insights/topics.html", ctx, actor=actor)


@router.post("/insights/compute")
async def compute(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("insights.compute")
    form = await request.form()
    month = str(form.get("month", "")).strip()
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        flash(request, "请按“年-月”选择要计算的月份", "error")
        return RedirectResponse("/insights/topics", status_code=303)
    try:
        _run, found = service.compute_period(db, actor=actor, start=first, end=periods.month_last(first))
    except XiaonengError as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse("/insights/topics", status_code=303)
    flash(request, f"已计算{wording.period_text(first, periods.month_last(first))}的热点话题和异常预警（预警 {len(found)} 条）")
    return RedirectResponse(f"/insights/topics?start={first.isoformat()}&end={periods.month_last(first).isoformat()}",
                            status_code=303)


def _filters(request: Request) -> tuple[service.WarningFilters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "state", "measure", "unit_kind", "department_id", "start", "end",
                                        "sort", "order")}
    filters = service.WarningFilters(
        q=params["q"].strip()[:100], state=params["state"], measure=params["measure"], unit_kind=params["unit_kind"],
        department_id=id_or_none(params["department_id"], "department_id"),
        start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
        sort=params["sort"] or "period", descending=params["order"] != "asc")
    return filters, params


@router.get("/insights/warnings")
def warnings_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    filters, params = _filters(request)
    result = paginate(db, service.warnings_statement(actor, filters), page=page, per_page=20)
    everyone = org.department_choices(db, actor=system_actor(actor.center_id))

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/insights/warnings?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "period")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "departments": everyone, "describe": service.describe,
           "period_text": wording.period_text, "sort_url": sort_url, "flash": take_flash(request),
           "export_url": export_link(request, "/insights/warnings/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "insights/warnings.html", ctx, actor=actor)


@router.get("/insights/warnings/export.xlsx")
def warnings_export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"异常预警清单（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="anomaly_warnings", label="异常预警清单",
                         build=lambda s: exports.warnings_sheet(s, actor=actor, filters=filters, title=title))


def record_links(w) -> list[tuple[str, str]]:
    """The filtered lists holding the records behind a warning."""
    span = {"start": w.period_start.isoformat(), "end": w.period_end.isoformat()}
    department = {"department_id": w.department_id} if w.department_id else {}
    if w.measure == "bad_rate":
        own = {"window": {"window_id": w.unit_id}, "staff": {"staff_id": w.unit_id}}.get(w.unit_kind, department)
        return [("本期差评", "/ratings?" + urlencode({"bad_only": 1, "include_default": 0, **span, **own})),
                ("本期全部评价", "/ratings?" + urlencode({"include_default": 0, **span, **own}))]
    if w.measure == "complaints":
        return [("本期投诉（所属部门）", "/complaints?" + urlencode({**span, **department}))]
    return [("逾期办件（所属部门）", "/cases?" + urlencode({"overdue": 1, **department}))]


@router.get("/insights/warnings/{warning_id}")
def warning_page(warning_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    warning = service.get_warning(db, actor=actor, warning_id=warning_id)
    return _warning(request, db, actor, warning)


def _warning(request, db, actor, warning, *, errors: dict | None = None, note: str = "", status_code: int = 200):
    figures, drivers = service.describe(warning)
    run = repo.find_run(db, center_id=warning.center_id, kind="warnings", start=warning.period_start,
                        end=warning.period_end)
    test = wording.test_sentence(measure=warning.measure, p=warning.p_value, q=warning.q_value,
                                 tests=run.texts if run else 0)
    ctx = {"w": warning, "figures": figures, "drivers_sentence": drivers, "test": test,
           "links": record_links(warning), "period": wording.period_text(warning.period_start, warning.period_end),
           "baseline": wording.period_text(warning.baseline_start, warning.period_start - dt.timedelta(days=1)),
           "title": service.warning_title(warning), "errors": errors or {}, "note": note,
           "flash": take_flash(request), **LABELS}
    return render(request, "insights/warning.html", ctx, actor=actor, status_code=status_code)


@router.post("/insights/warnings/{warning_id}")
async def warning_act(warning_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    action, note = str(form.get("action", "")), str(form.get("note", ""))
    try:
        warning = service.act(db, actor=actor, warning_id=warning_id, action=action, note=note)
    except XiaonengError as exc:
        if exc.status_code in (401, 403, 404):
            raise
        db.rollback()
        warning = service.get_warning(db, actor=actor, warning_id=warning_id)
        return _warning(request, db, actor, warning, errors={exc.field or "note": exc.message}, note=note,
                        status_code=422)
    flash(request, "预警已确认" if warning.state == "acknowledged" else "预警已关闭")
    return RedirectResponse(f"/insights/warnings/{warning.id}", status_code=303)
