"""The 违规督查 page: every duty domain's breaches of a period in one list, filtered by kind, department, staff and
dates, searched, sorted, exported, with the counts per kind and per department on top."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request

from xiaoneng.kit import clock
from xiaoneng.kit.bounds import id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.pagination import Page
from xiaoneng.kit.periods import month_first
from xiaoneng.kit.spreadsheets import period_text
from xiaoneng.org import service as org
from xiaoneng.supervision import breaches
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import render

router = APIRouter(prefix="/supervision", include_in_schema=False)
PARAMS = ("q", "kind", "department_id", "staff_id", "start", "end", "sort", "order")
PER_PAGE = 50


def _filters(request: Request) -> tuple[breaches.Filters, dict]:
    """The period defaults to this month so far."""
    p = request.query_params
    today = clock.today()
    params = {k: p.get(k, "") for k in PARAMS}
    params["start"] = params["start"] or month_first(today).isoformat()
    params["end"] = params["end"] or today.isoformat()
    filters = breaches.Filters(start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                               kind=params["kind"], department_id=id_or_none(params["department_id"]),
                               staff_id=id_or_none(params["staff_id"]), q=params["q"], sort=params["sort"] or "day",
                               descending=params["order"] != "asc")
    return filters, params


@router.get("/breaches")
def breaches_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    actor.require("supervision.read")
    filters, params = _filters(request)
    found = breaches.breach_list(db, actor=actor, filters=filters)
    page = max(1, page)
    shown = Page(items=found.rows[(page - 1) * PER_PAGE:page * PER_PAGE], total=len(found.rows), page=page,
                 per_page=PER_PAGE)

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/supervision/breaches?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = (params["sort"] or "day") == column
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    staff = org.staff_choices(db, center_id=actor.center_id)
    if actor.department_scoped:
        staff = [s for s in staff if s.department_id == actor.department_id]
    ctx = {"found": found, "page": shown, "params": params, "sort_url": sort_url, "url": url,
           "departments": org.department_choices(db, actor=actor), "staff": staff,
           "export_url": export_link(request, "/supervision/breaches/export.xlsx"),
           "prev_url": url(page=page - 1) if page > 1 else None,
           "next_url": url(page=page + 1) if page < shown.pages else None}
    return render(request, "supervision/breaches.html", ctx, actor=actor)


@router.get("/breaches/export.xlsx")
def export_breaches(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("supervision.read")
    filters, _ = _filters(request)
    title = f"违规督查（{period_text(filters.start, filters.end)}，导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="supervision_breaches", label="违规督查",
                         build=lambda s: breaches.sheet(breaches.breach_list(s, actor=actor, filters=filters),
                                                        title=title))
