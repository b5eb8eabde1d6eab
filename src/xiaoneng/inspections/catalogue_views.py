"""Pages of the catalogue and the set-up: the indicators of each point type (seeded from S3, edited, added), the
budgets, the rectification deadline and phone rule, the team, each point's unit."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.auth.rules import has_permission
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import catalogue, catalogue_queries, rules, setup
from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
from xiaoneng.inspections.common import inspected_points
from xiaoneng.inspections.planning import person_days
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import flash, render

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)
TYPES = [str(t) for t in INSPECTED_TYPES]
FIELDS = ("name", "content", "method", "frequency", "category")


def _type(value: str) -> str:
    return value if value in TYPES else TYPES[0]


def _filters(request: Request) -> tuple[catalogue_queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("point_type", "q", "frequency", "state", "sort", "order")}
    params["point_type"] = _type(params["point_type"])
    return catalogue_queries.Filters(point_type=params["point_type"], q=params["q"], frequency=params["frequency"],
                                     state=params["state"], sort=params["sort"] or "seq",
                                     descending=params["order"] == "desc"), params


@router.get("/catalogue")
def catalogue_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.read")
    filters, params = _filters(request)
    rows = catalogue_queries.listing(db, actor=actor, filters=filters)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "seq")
        query = {**params, "sort": column, "order": "desc" if same and params["order"] != "desc" else "asc"}
        return "/inspections/catalogue?" + urlencode({k: v for k, v in query.items() if v})

    ctx = {"rows": rows, "chosen": params["point_type"], "params": params, "types": TYPES,
           "frequencies": rules.FREQUENCY_LABELS, "states": catalogue_queries.STATES, "sort_url": sort_url,
           "meanings": rules.FREQUENCY_MEANINGS, **flashed(request),
           "export_url": export_link(request, "/inspections/catalogue/export.xlsx"),
           "empty": not catalogue.indicators(db, center_id=actor.center_id)}
    return render(request, "inspections/catalogue.html", ctx, actor=actor)


@router.get("/catalogue/export.xlsx")
def catalogue_export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"巡查指标：{filters.point_type}（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inspection_indicators", label="巡查指标",
                         build=lambda s: catalogue_queries.sheet(s, actor=actor, filters=filters, title=title))


@router.post("/catalogue/seed")
def seed(request: Request, db: DbSession, actor: CurrentUser):
    try:
        added = catalogue.seed(db, actor=actor)
        flash(request, f"已按工作内容清单建立巡查指标 {added} 项")
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse("/inspections/catalogue", status_code=303)


@router.post("/catalogue/new")
async def add(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    point_type = str(form.get("point_type", ""))
    try:
        indicator = catalogue.add(db, actor=actor, point_type=point_type, code=str(form.get("code", "")),
                                  **{k: str(form.get(k, "")) for k in FIELDS})
        flash(request, f"已添加指标 {indicator.code} {indicator.name}")
    except ValidationFailed as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inspections/catalogue?point_type={_type(point_type)}", status_code=303)


@router.post("/catalogue/{indicator_id}")
async def update(indicator_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        indicator = catalogue.update(db, actor=actor, indicator_id=indicator_id, active=form.get("active") == "1",
                                     **{k: str(form.get(k, "")) for k in FIELDS})
        flash(request, f"已保存指标 {indicator.code} {indicator.name}")
        back = indicator.point_type
    except (ValidationFailed, NotFound) as exc:
        db.rollback()
        flash(request, exc.message, "error")
        back = str(form.get("point_type", ""))
    return RedirectResponse(f"/inspections/catalogue?point_type={_type(back)}", status_code=303)


@router.get("/setup")
def setup_page(request: Request, db: DbSession, actor: CurrentUser, point_type: str = ""):
    actor.require("inspections.read")
    chosen = _type(point_type)
    budgets = setup.budgets(db, actor.center_id)
    points = [p for p in inspected_points(db, actor.center_id) if p.point_type == chosen]
    team = setup.team(db, center_id=actor.center_id)
    on_team = {person.id for _, person in team}
    candidates = [s for s in org.staff_choices(db, center_id=actor.center_id)
                  if s.id not in on_team and has_permission(s.role, "inspections.record")]
    counts = {t: 0 for t in TYPES}
    for p in inspected_points(db, actor.center_id):
        counts[p.point_type] += 1
    ctx = {"budgets": [(t, budgets[t], counts[t]) for t in TYPES], "person_days": person_days,
           "settings": setup.settings_for(db, actor.center_id), "team": team, "candidates": candidates,
           "points": points, "chosen": chosen, "types": TYPES, "units": setup.point_units(db, actor.center_id),
           "departments": org.department_choices(db, actor=system_actor(actor.center_id)),
           "total": person_days(sum(budgets[t].capacity_halves for t in TYPES)), **flashed(request)}
    return render(request, "inspections/setup.html", ctx, actor=actor)


def _back(request: Request, message: str, kind: str | None = None, anchor: str = "", point_type: str = ""):
    flash(request, message, kind)
    query = f"?point_type={point_type}" if point_type else ""
    return RedirectResponse(f"/inspections/setup{query}{anchor}", status_code=303)


@router.post("/setup/budgets")
async def save_budget(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        row = setup.update_budget(db, actor=actor, point_type=str(form.get("point_type", "")),
                                  person_days_a_month=form.get("capacity", ""), visit_days=form.get("visit", ""))
        return _back(request, f"已保存{row.point_type}：每月 {person_days(row.capacity_halves)} 人天")
    except ValidationFailed as exc:
        db.rollback()
        return _back(request, exc.message, "error")


@router.post("/setup/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        setup.update_settings(db, actor=actor, finding_days=form.get("finding_days", ""),
                              ring_limit=form.get("ring_limit", ""))
        return _back(request, "已保存整改时限和电话接听要求（对此后发现的问题生效）")
    except ValidationFailed as exc:
        db.rollback()
        return _back(request, exc.message, "error")


@router.post("/setup/team")
async def save_team(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        setup.set_inspector(db, actor=actor, staff_id=form.get("staff_id", ""), active=form.get("action") == "add")
        return _back(request, "已更新巡查人员名单", anchor="#team")
    except (ValidationFailed, NotFound) as exc:
        db.rollback()
        return _back(request, exc.message, "error", anchor="#team")


@router.post("/setup/units")
async def save_unit(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    point_type = _type(str(form.get("point_type", "")))
    try:
        setup.set_point_unit(db, actor=actor, point_id=form.get("point_id", ""),
                             department_id=form.get("department_id", ""))
        return _back(request, "已保存点位的责任单位", anchor="#units", point_type=point_type)
    except (ValidationFailed, NotFound) as exc:
        db.rollback()
        return _back(request, exc.message, "error", anchor="#units", point_type=point_type)
