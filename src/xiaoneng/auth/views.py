"""Sign-in and sign-out pages, and the JSON sign-in for API clients."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from xiaoneng.auth import service
from xiaoneng.errors import XiaonengError
from xiaoneng.web.csrf import csrf_token, require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession, OptionalUser, client_ip
from xiaoneng.web.errors import json_error
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)])
api = APIRouter(prefix="/auth", tags=["auth"], dependencies=[Depends(require_csrf)])


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our sign-in page.
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


def _sign_in(request: Request, db, username: str, password: str) -> service.SignIn:
    result = service.sign_in(db, username=username, password=password, ip=client_ip(request),
                             limits=service.SignInLimits.of(request.app.state.settings))
    if result.actor is not None:
        request.session.clear()  # a fresh session on sign-in: no fixation
        request.session["uid"] = result.actor.user_id
        request.session["sv"] = result.session_version  # refused once the account's version moves on
    return result


def _with_retry_after(response, error: XiaonengError):
    if getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


@router.get("/login")
def login_page(request: Request, actor: OptionalUser, next: str | None = None):
    if actor is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "auth/login.html", {"next": _safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(request: Request, db: DbSession, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/"):
    # An error is rendered, not raised: the failure's count and audit record must commit with the answer.
    result = _sign_in(request, db, username, password)
    if result.error is not None:
        page = render(request, "auth/login.html", {"next": _safe_next(next), "error": result.error.message,
                                                   "username": username[:64]}, status_code=result.error.status_code)
        return _with_retry_after(page, result.error)
    csrf_token(request)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, db: DbSession, actor: OptionalUser):
    if actor is not None:
        service.sign_out(db, actor=actor)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password")
def password_page(request: Request, actor: CurrentUser):
    return render(request, "auth/password.html", {"error": None, "field": None, "flash": take_flash(request)},
                  actor=actor)


@router.post("/account/password")
def change_password(request: Request, db: DbSession, actor: CurrentUser,
                    current_password: Annotated[str, Form()] = "", new_password: Annotated[str, Form()] = "",
                    confirm_password: Annotated[str, Form()] = ""):
    result = service.change_own_password(db, actor=actor, current=current_password, new=new_password,
                                         confirm=confirm_password,
                                         limits=service.SignInLimits.of(request.app.state.settings))
    if result.error is not None:
        page = render(request, "auth/password.html", {"error": result.error.message, "field": result.error.field},
                      status_code=result.error.status_code, actor=actor)
        return _with_retry_after(page, result.error)
    request.session["sv"] = result.session_version  # this session goes on, the user's other sessions end
    flash(request, "密码已修改，其他设备上的登录已全部退出")
    return RedirectResponse("/account/password", status_code=303)


class LoginIn(BaseModel):
    username: str
    password: str


class LoginOut(BaseModel):
    user_id: int
    username: str
    role: str
    csrf_token: str


@api.post("/login", response_model=LoginOut, responses={401: {}, 429: {"description": "登录失败次数过多，暂停登录"}})
def api_login(request: Request, body: LoginIn, db: DbSession):
    """Sign in; the answer carries the CSRF token to send as X-CSRF-Token on later unsafe requests. After repeated
    failures of an account or address sign-in pauses: 429 with Retry-After (seconds)."""
    result = _sign_in(request, db, body.username, body.password)
    if result.error is not None:
        return _with_retry_after(json_error(result.error), result.error)
    actor = result.actor
    return LoginOut(user_id=actor.user_id, username=actor.username, role=str(actor.role), csrf_token=csrf_token(request))


@api.post("/logout", status_code=204)
def api_logout(request: Request, db: DbSession, actor: OptionalUser):
    """Sign out: every session of the user ends, including copies of its cookie."""
    if actor is not None:
        service.sign_out(db, actor=actor)
    request.session.clear()
    return Response(status_code=204)


@api.get("/csrf")
def api_csrf(request: Request) -> dict:
    """A CSRF token for this session (needed before the JSON sign-in)."""
    return {"csrf_token": csrf_token(request)}
