"""What the public rating endpoints (pages, kiosk, JSON API) check before a submission goes anywhere (C5, K4).

- Control characters: NUL and the other C0 controls except tab and line breaks are refused in the API and
  stripped from form fields (PostgreSQL cannot store NUL; none of them belongs in a comment or a name).
- Limits: submissions per window or staff QR code per hour and per rating device per day (application settings),
  beside the per-address limit of every public endpoint. In-process, like that one: each server process counts
  on its own. Every submission counts, refused ones included, so that guessing a case's phone number is slow.
- Staff sessions and devices: a rating sent from a browser holding a staff session is flagged, whatever the
  channel (the API is answered ahead of the session middleware, so its session cookie is read here), and so is
  one from a device (the server-issued id of a browser or app, links.Device) once a staff session was seen on it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from fastapi import Request
from itsdangerous import BadSignature, TimestampSigner

from xiaoneng.errors import TooManyRequests
from xiaoneng.kit.ratelimit import RateLimiter
from xiaoneng.ratings import links
from xiaoneng.ratings.tokens import RatingToken, TokenKind

SESSION_COOKIE = "xiaoneng_session"  # the session middleware's cookie (web/app.py)
CODE_KINDS = (TokenKind.WINDOW, TokenKind.STAFF)
HOUR, DAY = 3600.0, 86400.0
DEVICE_COOKIE = "xn_device"
DEVICE_COOKIE_AGE = 2 * 365 * 86400


def _limiter(state, name: str, limit: int, window: float) -> RateLimiter:
    limiter = getattr(state, name, None)
    if limiter is None:
        limiter = RateLimiter(limit, window)
        setattr(state, name, limiter)
    return limiter


def count_submission(request: Request, token: RatingToken, device_id: str) -> None:
    """Count one submission against its QR code and its device; TooManyRequests (429, Chinese) past a limit."""
    state = request.app.state
    settings = state.settings
    if device_id:
        try:
            _limiter(state, "rating_device_limiter", settings.rating_device_limit_per_day, DAY).hit(device_id)
        except TooManyRequests:
            raise TooManyRequests("此设备今天提交的评价已达上限，请明天再评价") from None
    if token.kind in CODE_KINDS:
        try:
            _limiter(state, "rating_code_limiter", settings.rating_code_limit_per_hour, HOUR).hit(
                f"{token.kind.value}:{token.record_id}")
        except TooManyRequests:
            raise TooManyRequests("该二维码近一小时的评价次数已达上限，请稍后再评价") from None


def holds_staff_session(request: Request) -> bool:
    """True when the request carries a signed-in staff session (read from the cookie when no middleware did)."""
    if "session" in request.scope:
        return bool(request.session.get("uid"))
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return False
    settings = request.app.state.settings
    try:
        data = TimestampSigner(str(settings.secret_key)).unsign(cookie.encode(),
                                                                 max_age=settings.session_max_age_seconds)
        return bool(json.loads(base64.b64decode(data)).get("uid"))
    except (BadSignature, ValueError, AttributeError):
        return False


@dataclass(frozen=True)
class IssuedDevice:
    device: links.Device
    signed: str
    changed: bool  # new, or newly marked as a staff device: the browser's cookie is to be (re)set


def device_of(request: Request, presented: str = "") -> IssuedDevice:
    """The device of this request: the signed id it presented (API parameter, else the cookie), or a new one;
    marked as a staff device when the request holds a staff session."""
    secret = request.app.state.settings.secret_key
    device = (links.read_device(presented, secret=secret)
              or links.read_device(request.cookies.get(DEVICE_COOKIE), secret=secret))
    changed = device is None
    device = device or links.new_device()
    if not device.staff and holds_staff_session(request):
        device, changed = links.Device(device.id, staff=True), True
    return IssuedDevice(device, links.sign_device(device, secret=secret), changed)


def keep_device(request: Request, response, issued: IssuedDevice):
    """Set the device cookie on `response` when it is new or changed; returns the response."""
    if issued.changed:
        response.set_cookie(DEVICE_COOKIE, issued.signed, max_age=DEVICE_COOKIE_AGE, httponly=True, samesite="lax",
                            secure=request.app.state.settings.secure_cookies)
    return response


def mark_staff_device(request: Request, response):
    """On a staff page: this browser is a staff device from now on (its later ratings are flagged, signed in or
    not). Returns the response."""
    return keep_device(request, response, device_of(request))
