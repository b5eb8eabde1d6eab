"""Pages of the reports: the produced reports (filters, search, sort, XLSX) with the form to preview a month's or a
year's report, the preview itself (the same sections and chart images as the documents), producing it, a report's
page with its stored preview and the downloads of its three files (audited).

The director and the supervisors hold reports.read and reports.produce; a department head has neither (the report
compares all departments of the center). Everything heavy reads through a read-only session and runs in the
threadpool, never on the event loop."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from xiaoneng.config import get_settings
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo
from xiaoneng.reports import charts, preview, queries, rules, service
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession, read_sessions
from xiaoneng.web.downloads import Document, document_download, export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)

KEY = re.compile(r"[a-z_]{1,40}")
TOKEN = re.compile(r"[0-9a-f]{32}")
PREVIEW_HOURS = 24


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    # "of" and "type": not the preview form's "kind" and "year", which the list page shows beside it.
    params = {k: p.get(k, "") for k in ("type", "of", "how", "q", "sort", "order")}
    return queries.Filters(kind=params["type"], year=params["of"], how=params["how"], q=params["q"],
                           sort=params["sort"] or "period", descending=params["order"] != "asc"), params


def _default_form() -> dict:
    today = clock.today()
    last = rules.previous(rules.month_period(today.year, today.month))
    return {"kind": "month", "month": last.key, "year": str(today.year - (today.month == 1))}


def _list(request: Request, db, actor, *, form: dict, errors: dict | None = None, status_code: int = 200,
          page: int = 1):
    actor.require("reports.read")
    filters, params = _filters(request)
    result = queries.list_reports(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/reports?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "period")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "form": form, "errors": errors or {}, "sort_url": sort_url,
           "flash": take_flash(request), "export_url": export_link(request, "/reports/export.xlsx"),
           "kinds": rules.KIND_LABELS, "titles": rules.TITLES, "how": queries.HOW, "label": queries.period_label,
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None}
    return render(request, "reports/list.html", ctx, actor=actor, status_code=status_code)


@router.get("/reports")
def list_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    return _list(request, db, actor, form=_default_form(), page=page)


@router.get("/reports/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("reports.read")
    filters, _ = _filters(request)
    title = f"政务服务报告（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="reports", label="政务服务报告",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


def _period(form: dict) -> rules.Period:
    kind = form.get("kind", "")
    if kind not in rules.KIND_LABELS:
        raise ValidationFailed("请选择月报或年报", field="kind")
    return rules.parse_period(kind, form.get("month" if kind == rules.MONTH else "year"))


def _composed(request: Request, actor, period: rules.Period):
    with read_sessions(request)() as reader:
        center = service.center_of(reader, actor=actor)
        made = service.compose(reader, actor=actor, center=center, period=period)
    return center, made


def _previews_dir() -> Path:
    return Path(get_settings().var_dir) / "reports" / "previews"


def _keep_previews_small(root: Path) -> None:
    """Previews are looked at and left: those of yesterday and before go."""
    if root.is_dir():
        limit = time.time() - PREVIEW_HOURS * 3600
        for folder in root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)


@router.get("/reports/preview")
def preview_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("reports.read")
    form = {k: request.query_params.get(k, "") for k in ("kind", "month", "year")}
    db.rollback()  # the long read goes through a read-only session, not the request's
    try:
        period = _period(form)
        _, made = _composed(request, actor, period)
    except ValidationFailed as exc:
        field = exc.field if exc.field in ("kind",) else ("month" if form.get("kind") != "year" else "year")
        return _list(request, db, actor, form=form, errors={field: exc.message}, status_code=422)
    images = charts.all_png(made.charts())
    token = secrets.token_hex(16)
    root = _previews_dir()
    _keep_previews_small(root)
    (root / token).mkdir(parents=True, exist_ok=True)
    for key, png in images.items():
        (root / token / f"{key}.png").write_bytes(png)
    body = preview.fragment(made, chart_url=lambda key: f"/reports/preview/{token}/{key}.png", charts=set(images))
    return render(request, "reports/preview.html", {"body": Markup(body), "made": made, "form": form,
                                                    "period": period}, actor=actor)


def _png(path: Path) -> Response:
    if not path.is_file():
        raise NotFound("图表不存在或已过期")
    return Response(path.read_bytes(), media_type="image/png", headers={"cache-control": "private, max-age=3600"})


@router.get("/reports/preview/{token}/{key}.png")
def preview_chart(token: str, key: str, actor: CurrentUser):
    actor.require("reports.read")
    if not TOKEN.fullmatch(token) or not KEY.fullmatch(key):
        raise NotFound()
    return _png(_previews_dir() / token / f"{key}.png")


def _produce(request: Request, db, actor, form: dict):
    actor.require("reports.produce")
    db.rollback()
    try:
        period = _period(form)
        center, made = _composed(request, actor, period)
    except ValidationFailed as exc:
        field = exc.field if exc.field in ("kind",) else ("month" if form.get("kind") != "year" else "year")
        return _list(request, db, actor, form=form, errors={field: exc.message}, status_code=422)
    report = service.produce(db, actor=actor, center=center, made=made, rendered=service.render_all(made))
    flash(request, f"{made.title}{made.subtitle}已生成（第 {report.version} 版）")
    return RedirectResponse(f"/reports/{report.id}", status_code=303)


@router.post("/reports/produce")
async def produce(request: Request, db: DbSession, actor: CurrentUser):
    posted = await request.form()
    form = {k: str(posted.get(k, "")) for k in ("kind", "month", "year")}
    return await run_in_threadpool(_produce, request, db, actor, form)


@router.get("/reports/{report_id}")
def report_page(report_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    report = service.get_report(db, actor=actor, report_id=report_id)
    try:
        _, _, html = service.report_file(db, actor=actor, report_id=report_id, ext="html")
        body, problem = Markup(html.decode()), ""
    except (NotFound, ValidationFailed) as exc:
        body, problem = Markup(""), exc.message
    downloads = [(ext, service.EXT_LABELS[ext], report.files[ext]["name"], report.files[ext]["size"])
                 for ext in service.EXTENSIONS if ext in report.files]
    return render(request, "reports/detail.html", {
        "report": report, "body": body, "problem": problem, "downloads": downloads, "flash": take_flash(request),
        "title": rules.TITLES[report.kind], "label": queries.period_label(report), "how": queries.HOW}, actor=actor)


@router.get("/reports/{report_id}/charts/{key}.png")
def report_chart(report_id: Id, key: str, db: DbSession, actor: CurrentUser):
    if not KEY.fullmatch(key):
        raise NotFound()
    _, _, body = service.report_file(db, actor=actor, report_id=report_id, ext=f"chart:{key}")
    return Response(body, media_type="image/png", headers={"cache-control": "private, max-age=86400"})


@router.get("/reports/{report_id}/file.{ext}")
def download(report_id: Id, ext: str, request: Request, db: DbSession, actor: CurrentUser):
    if ext not in service.EXTENSIONS:
        raise NotFound()

    def build(reader) -> Document:
        report, entry, body = service.report_file(reader, actor=actor, report_id=report_id, ext=ext)
        return Document(body=body, filename=entry["name"], fallback=f"report_{report.id}.{ext}",
                        media_type=service.MEDIA_TYPES[ext], entity_id=report.id)

    return document_download(request, db, actor=actor, entity="report", action=f"export.{ext}", build=build)
