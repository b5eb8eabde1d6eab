"""Pages of the visits: the list (filters, search, sort, XLSX), a 暗访 arranged, one visit with its results, photos
and findings (a 暗访 published from here)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inspections import catalogue, finding_queries, findings, notices, photos, records, rules, setup
from xiaoneng.inspections import visit_queries as queries
from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
from xiaoneng.inspections.common import get_visit, inspected_points
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import flash, render

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)
LABELS = {"kinds": rules.KIND_LABELS, "visit_statuses": rules.VISIT_STATUS_LABELS, "outcomes": rules.OUTCOME_LABELS,
          "frequencies": rules.FREQUENCY_LABELS, "types": [str(t) for t in INSPECTED_TYPES]}


def _filters(request: Request) -> tuple[queries.VisitFilters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "kind", "status", "point_type", "inspector_id", "start", "end", "sort",
                                        "order")}
    filters = queries.VisitFilters(
        q=params["q"], kind=params["kind"], status=params["status"], point_type=params["point_type"],
        inspector_id=id_or_none(params["inspector_id"]), start=parse_date(params["start"], "start"),
        end=parse_date(params["end"], "end"), sort=params["sort"] or "day", descending=params["order"] != "asc")
    return filters, params


@router.get("/visits")
def visits_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    filters, params = _filters(request)
    result = queries.list_visits(db, actor=actor, filters=filters, page=page)
    names = org.staff_names(db, center_id=actor.center_id, staff_ids={v.inspector_id for v in result.items})

    def url(**changes) -> str:
        return "/inspections/visits?" + urlencode({k: v for k, v in {**params, **changes}.items() if v not in ("", None)})

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "day")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "points": queries.points_of(db, result.items), "names": names,
           "counts": queries.finding_counts(db, [v.id for v in result.items]), "state": queries.visit_state,
           "team": setup.team(db, center_id=actor.center_id, active_only=False), "sort_url": sort_url,
           "export_url": export_link(request, "/inspections/visits/export.xlsx"), **flashed(request),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "inspections/visits.html", ctx, actor=actor)


@router.get("/visits/export.xlsx")
def visits_export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"巡查记录（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inspection_visits", label="巡查记录",
                         build=lambda s: queries.visits_sheet(s, actor=actor, filters=filters, title=title))


def _new_page(request: Request, db, actor, *, values: dict, error: dict | None = None, status_code: int = 200):
    points = inspected_points(db, actor.center_id)
    ctx = {"values": values, "errors": error or {}, "points": points,
           "team": setup.team(db, center_id=actor.center_id), **LABELS}
    return render(request, "inspections/visit_new.html", ctx, actor=actor, status_code=status_code)


@router.get("/visits/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.manage")
    return _new_page(request, db, actor, values={"day": clock.today().isoformat()})


@router.post("/visits/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.manage")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("point_id", "day", "inspector_id")}
    try:
        visit = records.add_unannounced(db, actor=actor, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _new_page(request, db, actor, values=values, error={exc.field: exc.message}, status_code=422)
    flash(request, f"已安排暗访：{visit.day.isoformat()}，巡查结果在发布前不对被查单位显示")
    return RedirectResponse(f"/inspections/visits/{visit.id}", status_code=303)


@router.get("/visits/{visit_id}")
def visit_page(visit_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    visit = get_visit(db, actor, visit_id)
    point = records.point_of(db, visit)
    results = {r.indicator_id: r for r in records.results_of(db, visit)}
    found = records.visit_findings(db, visit)
    subject = findings.finding_of_reinspection(db, visit) if visit.kind == rules.VisitKind.REINSPECTION else None
    names = org.staff_names(db, center_id=visit.center_id, staff_ids={visit.inspector_id, visit.recorded_by_id})
    pictures = photos.of_visit(db, visit)
    ctx = {"v": visit, "point": point, "indicators": records.indicators_of(db, visit), "results": results,
           "findings": found, "subject": subject, "names": names, "photos": pictures,
           "photos_of": {i: [p for p in pictures if p.indicator_id == i] for i in visit.indicator_ids},
           "loose_photos": [p for p in pictures if p.indicator_id is None], "state": queries.visit_state(visit),
           "may_record": records.may_record(actor, visit) and visit.status == rules.VisitStatus.PLANNED,
           "may_publish": actor.can("inspections.manage") and visit.kind == rules.VisitKind.UNANNOUNCED
           and visit.status == rules.VisitStatus.RECORDED and visit.published_at is None,
           "finding_state": lambda f: finding_queries.state_text(f, clock.today()),
           "notices": notices.for_visit(db, actor=actor, visit_id=visit.id) if found else [],
           "may_letter": actor.can("letters.write") and any(f.status == rules.FindingStatus.OPEN for f in found),
           "indicator_names": {i.id: i.name for i in catalogue.indicators(db, center_id=visit.center_id)},
           **flashed(request), **LABELS}
    return render(request, "inspections/visit.html", ctx, actor=actor)


@router.post("/visits/{visit_id}/publish")
def publish(visit_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    try:
        visit = records.publish(db, actor=actor, visit_id=visit_id)
        count = len(records.visit_findings(db, visit))
        flash(request, f"暗访结果已发布：{count} 个问题已通知责任单位，整改期限自今天起算" if count else "暗访结果已发布")
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inspections/visits/{visit_id}", status_code=303)
