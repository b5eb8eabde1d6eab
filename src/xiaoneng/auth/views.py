"""Sign-in and sign-out pages, and the JSON sign-in for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

from xiaoneng.auth import service
from xiaoneng.errors import XiaonengError
from xiaoneng.web.csrf import csrf_token, require_csrf
from xiaoneng.web.deps import DbSession, OptionalUser, client_ip
from xiaoneng.web.templating import render

router = APIRouter(dependencies=[Depends(require_csrf)])
api = APIRouter(prefix="/auth", tags=["auth"], dependencies=[Depends(require_csrf)])


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our sign-in page.
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, actor: OptionalUser, next: str | None = None):
    if actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(request: Request, db: DbSession, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/"):
    try:
        actor = service.authenticate(db, username=username, password=password, ip=client_ip(request))
    except XiaonengError as exc:
        return render(request, "auth/login.html", {"next": _safe_next(next), "error": exc.message, "username": username},
                      status_code=exc.status_code)
    request.session.clear()  # a fresh session on sign-in: no fixation
    request.session["uid"] = actor.user_id
    csrf_token(request)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


class LoginIn(BaseModel):
    username: str
    password: str


class LoginOut(BaseModel):
    user_id: int
    username: str
    role: str
    csrf_token: str


@api.post("/login", response_model=LoginOut)
def api_login(request: Request, body: LoginIn, db: DbSession):
    """Sign in; the answer carries the CSRF token to send as X-CSRF-Token on later unsafe requests."""
    actor = service.authenticate(db, username=body.username, password=body.password, ip=client_ip(request))
    request.session.clear()
    request.session["uid"] = actor.user_id
    return LoginOut(user_id=actor.user_id, username=actor.username, role=str(actor.role), csrf_token=csrf_token(request))


@api.get("/csrf")
def api_csrf(request: Request) -> dict:
    """A CSRF token for this session (needed before the JSON sign-in)."""
    return {"csrf_token": csrf_token(request)}
