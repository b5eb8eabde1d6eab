"""The home page: the signed-in person's own work (web/worklist.py), then the links of their menu."""

from __future__ import annotations

from fastapi import APIRouter, Request

from xiaoneng.web import worklist
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import nav_for, render

router = APIRouter()


@router.get("/")
def home(request: Request, db: DbSession, actor: CurrentUser):
    work = worklist.home_for(db, actor=actor)
    return render(request, "home.html", {"links": nav_for(actor)[1:], "work": work}, actor=actor)


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict:
    return {"status": "ok"}
