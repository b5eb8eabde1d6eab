"""CSRF tokens: one random token per session, sent back in a hidden field or the X-CSRF-Token header."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request

from xiaoneng.errors import XiaonengError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(XiaonengError):
    status_code = 403
    code = "csrf_failed"

    def __init__(self):
        super().__init__("页面已过期或请求来源不明，请刷新页面后重试", field="csrf_token")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def require_csrf(request: Request) -> None:
    """Router dependency: every unsafe request must echo the session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get("csrf_token")
    if not expected or not sent or not hmac.compare_digest(str(sent), expected):
        raise CsrfFailed()
