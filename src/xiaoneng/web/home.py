"""The home page: the signed-in person's dashboard (dashboards/: numbers and charts), their own work
(web/worklist.py), then the links of their menu."""

from __future__ import annotations

from fastapi import APIRouter, Request

from xiaoneng.dashboards import charts
from xiaoneng.dashboards import service as dashboards
from xiaoneng.web import worklist
from xiaoneng.web.deps import CurrentUser, DbSession, read_sessions
from xiaoneng.web.templating import nav_for, render

router = APIRouter()


@router.get("/")
def home(request: Request, db: DbSession, actor: CurrentUser):
    # The dashboard's counts read through the read sessions (a replica when one is configured).
    with read_sessions(request)() as reader:
        board = dashboards.dashboard_for(reader, actor=actor)
    work = worklist.home_for(db, actor=actor)
    return render(request, "home.html", {"links": nav_for(actor)[1:], "work": work, "board": board,
                                         "chart_option": charts.option_json, "chart_table": charts.as_table},
                  actor=actor)


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict:
    return {"status": "ok"}
