"""Internal rankings page (S0 art.13: shown on the intranet only), its XLSX export and the admin's weights form."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import clock, periods
from xiaoneng.kit.edits import parse_date
from xiaoneng.rankings import exports, rules, service
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/rankings", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _flag(value: str | None, default: bool) -> bool:
    return default if value is None else value == "1"


def page_params(q) -> dict:
    """The page's choices from its query parameters, by default the month periods.default_period opens on (shared
    with the export)."""
    start, end = periods.default_period(clock.today())
    return {"start": q.get("start") or start.isoformat(), "end": q.get("end") or end.isoformat(),
            "by": q.get("by") or "department", "defaults": "1" if _flag(q.get("defaults"), True) else "0",
            "excluded": "1" if _flag(q.get("excluded"), False) else "0"}


def rank_arguments(params: dict) -> dict:
    """service.rank's arguments for the page's choices (bad dates raise, naming the field)."""
    return {"by": params["by"], "start": parse_date(params["start"], "start"), "end": parse_date(params["end"], "end"),
            "include_defaults": params["defaults"] == "1", "include_excluded": params["excluded"] == "1"}


@router.get("")
def rankings_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rankings.read")
    params = page_params(request.query_params)
    ranking, errors, status = None, {}, 200
    try:
        ranking = service.rank(db, actor=actor, **rank_arguments(params))
    except ValidationFailed as exc:
        errors, status = {exc.field: exc.message}, 422
    ctx = {"ranking": ranking, "params": params, "errors": errors, "by_labels": service.BY,
           "labels": rules.COMPONENT_LABELS, "components": rules.COMPONENTS, "standings": rules.STANDING_LABELS,
           "headers": exports.headers(ranking.by if ranking else "department"),
           "weights": service.get_weights(db, actor=actor), "min_sample": service.get_min_sample(db, actor=actor),
           "can_edit": actor.can("rectification.settings"),
           "export_url": export_link(request, "/rankings/export.xlsx", params)}
    return render(request, "rankings/index.html", ctx, status_code=status, actor=actor)


@router.get("/export.xlsx")
def rankings_export(request: Request, db: DbSession, actor: CurrentUser):
    """The ranking the page shows for the same choices, as XLSX."""
    actor.require("rankings.read")
    arguments = rank_arguments(page_params(request.query_params))
    label = f"{service.BY.get(arguments['by'], '')}排名"
    return xlsx_download(request, db, actor=actor, what="rankings", label=label,
                         build=lambda session: exports.sheet(session, actor=actor, **arguments))


def _weights_page(request: Request, actor, values: dict, errors: dict | None = None, status_code: int = 200,
                  flash: str | None = None):
    ctx = {"values": values, "errors": errors or {}, "labels": rules.COMPONENT_LABELS,
           "components": rules.COMPONENTS, "defaults": rules.DEFAULT_WEIGHTS, "flash": flash,
           "default_min_sample": rules.DEFAULT_MIN_SAMPLE,
           "flash_kind": "error" if errors else None}
    return render(request, "rankings/weights.html", ctx, status_code=status_code, actor=actor)


@router.get("/weights")
def weights_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.settings")
    weights = service.get_weights(db, actor=actor)
    values = {k: f"{v:g}" for k, v in weights.items()} | {"min_sample": str(service.get_min_sample(db, actor=actor))}
    return _weights_page(request, actor, values, flash=take_flash(request))


@router.post("/weights")
async def save_weights(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.settings")
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in rules.COMPONENTS}
    min_sample = str(form.get("min_sample", "")).strip()
    try:
        service.update_min_sample(db, actor=actor, value=min_sample)
        service.update_weights(db, actor=actor, weights=values)
    except ValidationFailed as exc:
        db.rollback()
        return _weights_page(request, actor, values | {"min_sample": min_sample}, errors={exc.field: exc.message},
                             status_code=422, flash=exc.message)
    flash(request, "已保存排名设置")
    return RedirectResponse("/rankings/weights", status_code=303)
