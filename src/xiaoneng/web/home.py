"""The home page: who you are and what you can do here."""

from __future__ import annotations

from fastapi import APIRouter, Request

from xiaoneng.web.deps import CurrentUser
from xiaoneng.web.templating import nav_for, render

router = APIRouter()


@router.get("/")
def home(request: Request, actor: CurrentUser):
    return render(request, "home.html", {"links": nav_for(actor)[1:]}, actor=actor)


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict:
    return {"status": "ok"}
