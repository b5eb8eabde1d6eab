"""Pages of the monthly plans: the plans with the form that makes one (an infeasible month explained), a plan with
its figures and visits (filtered, searched, sorted), as CSV and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inspections import plans, rules, setup, visit_queries
from xiaoneng.inspections.common import month_label, parse_month
from xiaoneng.inspections.planning import PlanInfeasible, person_days
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.spreadsheets import neutral_text
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import attachment, export_link, xlsx_download
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import flash, render

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)


@router.get("")
def index(actor: CurrentUser):
    if actor.can("inspections.read"):
        return RedirectResponse("/inspections/plans", status_code=303)
    if actor.can("inspections.record"):
        return RedirectResponse("/inspections/mine", status_code=303)
    return RedirectResponse("/inspections/findings", status_code=303)


def _plans_page(request: Request, db, actor, *, month: str = "", error: str = "", shortages=None,
                status_code: int = 200):
    rows = plans.list_plans(db, actor=actor)
    counts = {p.id: visit_queries.list_visits(db, actor=actor, filters=visit_queries.VisitFilters(plan_id=p.id),
                                              per_page=1).total for p in rows}
    next_month = (clock.today().replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    ctx = {"plans": rows, "counts": counts, "plan_state": plans.plan_state, "person_days": person_days,
           "month_label": month_label, "month": month or next_month.isoformat()[:7], "error": error,
           "shortages": shortages or [], **flashed(request),
           "team": len(setup.team(db, center_id=actor.center_id))}
    return render(request, "inspections/plans.html", ctx, actor=actor, status_code=status_code)


@router.get("/plans")
def plans_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.read")
    return _plans_page(request, db, actor)


@router.post("/plans")
async def make(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.plan")
    form = await request.form()
    text = str(form.get("month", ""))
    try:
        plan = plans.make_plan(db, actor=actor, month=parse_month(text))
    except PlanInfeasible as exc:
        db.rollback()
        return _plans_page(request, db, actor, month=text, error="本月无法排出巡查计划，原因如下（未保存任何内容）：",
                           shortages=[s.message for s in exc.shortages], status_code=422)
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        return _plans_page(request, db, actor, month=text, error=exc.message, status_code=422)
    flash(request, f"已排定{month_label(plan.month)}巡查计划：{plans.plan_state(plan)}，用时 {plan.solve_seconds:.1f} 秒")
    return RedirectResponse(f"/inspections/plans/{plan.id}", status_code=303)


def _filters(request: Request, plan_id: int) -> tuple[visit_queries.VisitFilters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "point_type", "inspector_id", "kind", "sort", "order")}
    return visit_queries.VisitFilters(q=params["q"], point_type=params["point_type"],
                                      inspector_id=id_or_none(params["inspector_id"]), plan_id=plan_id,
                                      sort=params["sort"] or "day", descending=params["order"] == "desc"), params


@router.get("/plans/{plan_id}")
def plan_page(plan_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    plan = plans.get_plan(db, actor=actor, plan_id=plan_id)
    filters, params = _filters(request, plan.id)
    page = visit_queries.list_visits(db, actor=actor, filters=filters, per_page=200)
    team = setup.team(db, center_id=plan.center_id, active_only=False)
    names = org.staff_names(db, center_id=plan.center_id, staff_ids={v.inspector_id for v in page.items})

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "day")
        query = {k: v for k, v in {**params, "sort": column,
                                   "order": "desc" if same and params["order"] != "desc" else "asc"}.items() if v}
        return f"/inspections/plans/{plan.id}?" + urlencode(query)

    ctx = {"plan": plan, "page": page, "params": params, "points": visit_queries.points_of(db, page.items),
           "names": names, "team": team, "plan_state": plans.plan_state(plan), "person_days": person_days,
           "month_label": month_label(plan.month), "sort_url": sort_url, **flashed(request),
           "kinds": rules.KIND_LABELS, "state": visit_queries.visit_state,
           "types": list(plan.summary.get("types", {})),
           "export_url": export_link(request, f"/inspections/plans/{plan.id}/export.xlsx")}
    return render(request, "inspections/plan.html", ctx, actor=actor)


@router.get("/plans/{plan_id}/plan.csv")
def plan_csv(plan_id: Id, db: DbSession, actor: CurrentUser):
    plan = plans.get_plan(db, actor=actor, plan_id=plan_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(plans.CSV_HEADER)
    for row in plans.csv_rows(db, actor=actor, plan=plan):
        writer.writerow([neutral_text(str(v)) for v in row])
    name = f"巡查计划_{plan.month.isoformat()[:7]}.csv"
    return Response(("\ufeff" + out.getvalue()).encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers=attachment(name, fallback=f"plan_{plan.month.isoformat()[:7]}.csv"))


@router.get("/plans/{plan_id}/export.xlsx")
def plan_xlsx(plan_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    plan = plans.get_plan(db, actor=actor, plan_id=plan_id)
    filters, _ = _filters(request, plan.id)
    title = f"{month_label(plan.month)}巡查计划（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inspection_plan", label=f"巡查计划{plan.month.isoformat()[:7]}",
                         build=lambda s: visit_queries.visits_sheet(s, actor=actor, filters=filters, title=title))
