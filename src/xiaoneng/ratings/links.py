"""Links that open the public rating pages (C7): signed tokens, one-time form nonces, devices, follow-up tickets.

Every address that leaves the platform (printed QR codes, SMS, kiosk links, the invitation API's answer) is built
from the configured public base (`XIAONENG_PUBLIC_BASE_URL`, `public_url`), never from the Host a request came
with: an intranet or forged Host must not end up in a printed code.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import tokens
from xiaoneng.ratings.tokens import TokenKind, TokenRefused

FORM_MAX_AGE = 3 * 3600  # a rating form left open longer than this must be reloaded
FOLLOW_UP_MAX_AGE = 30 * 86400
RECTIFICATION_LINK_DAYS = 30


def public_url(base_url: str, path: str) -> str:
    """The address of `path` as people outside reach it: under the configured public base."""
    return f"{base_url.rstrip('/')}{path}"


def rating_path(token: str) -> str:
    return f"/r/{token}"


def kiosk_path(token: str) -> str:
    return f"/kiosk/{token}"


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 Asia/Shanghai of `day`: a case link stays valid through the whole last rating day."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), TZ)


def step_token(step, *, secret: str, now: dt.datetime) -> str | None:
    """The token of a completed step's rating page, or None when the step is not completed or its window passed."""
    if step.completed_at is None or step.rating_due_on is None:
        return None
    expires = end_of_day(step.rating_due_on)
    if now >= expires:
        return None
    return tokens.sign(TokenKind.STEP, step.id, center_id=step.center_id, expires_at=expires, secret=secret)


def step_link(step, *, secret: str, now: dt.datetime, base_url: str) -> str | None:
    """URL of the applicant's rating page of one completed step (一环节一评), valid to the end of its rating day;
    None when closed. It rates as the applicant: it goes to the applicant only (SMS, invitation), never to staff."""
    token = step_token(step, secret=secret, now=now)
    return public_url(base_url, rating_path(token)) if token else None


def qr_token(kind: TokenKind, record_id: int, *, center_id: int, secret: str, now: dt.datetime, days: int) -> str:
    """A long-lived token for a printed QR code or a kiosk (window, staff member or kiosk)."""
    return tokens.sign(kind, record_id, center_id=center_id, expires_at=now + dt.timedelta(days=days), secret=secret)


def rectification_link(rect, *, secret: str, now: dt.datetime, base_url: str,
                       days: int = RECTIFICATION_LINK_DAYS) -> str:
    """URL where the rater rates the rectification of their bad review (D7)."""
    token = tokens.sign(TokenKind.RECTIFICATION, rect.id, center_id=rect.center_id,
                        expires_at=now + dt.timedelta(days=days), secret=secret)
    return public_url(base_url, rating_path(token))


def _scope(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


# --- devices: a random id issued and signed by the server, marked once a staff session was seen with it ---------

@dataclass(frozen=True)
class Device:
    id: str
    staff: bool = False  # a browser that has held a staff session (C5: ratings from it are flagged)


@functools.lru_cache(maxsize=8)
def _devices(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="xiaoneng.rating-device")


def new_device() -> Device:
    return Device(secrets.token_urlsafe(18))


def sign_device(device: Device, *, secret: str) -> str:
    return _devices(secret).dumps({"d": device.id, "f": int(device.staff)})


def read_device(value: str | None, *, secret: str) -> Device | None:
    """The device a signed value names, or None when it is missing, forged or malformed (a new one is issued)."""
    if not value or len(value) > 200:
        return None
    try:
        payload = _devices(secret).loads(value)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), str) or not 8 <= len(payload["d"]) <= 40:
        return None
    return Device(payload["d"], bool(payload.get("f")))


# --- one-time form nonces: bound to the page's token and the device they were issued to ---------------------------

@dataclass(frozen=True)
class FormTicket:
    nonce: str  # the random one-time value stored with the rating (unique: a replay is refused)
    device_id: str
    staff: bool  # issued to a staff browser or a staff device


@functools.lru_cache(maxsize=8)  # one per secret: building it is a third of checking a nonce
def _nonces(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="xiaoneng.rating-form")


def issue_nonce(*, secret: str, token: str, device: Device | None = None, staff: bool = False) -> str:
    """A signed one-time value for one rendering of a form (or one API submission); the ratings table refuses a
    value used twice. It names the device it was issued to and whether a staff session or device asked for it."""
    payload = {"n": secrets.token_urlsafe(24), "s": _scope(token)}
    if device is not None:
        payload["d"] = device.id
    if staff or (device is not None and device.staff):
        payload["f"] = 1
    return _nonces(secret).dumps(payload)


def check_nonce(value: str, *, secret: str, token: str) -> FormTicket:
    """What a signed form value says, or TokenRefused when it is forged, stale or from another page."""
    try:
        payload = _nonces(secret).loads(value or "", max_age=FORM_MAX_AGE)
    except SignatureExpired:
        raise TokenRefused("页面停留时间过长，请刷新后重新提交", field="nonce", code="form_expired") from None
    except BadSignature:
        raise TokenRefused("表单无效，请刷新页面后重新提交", field="nonce", code="form_refused") from None
    if (not isinstance(payload, dict) or payload.get("s") != _scope(token) or not isinstance(payload.get("n"), str)
            or not isinstance(payload.get("d", ""), str)):
        raise TokenRefused("表单无效，请刷新页面后重新提交", field="nonce", code="form_refused")
    return FormTicket(payload["n"], payload.get("d", ""), bool(payload.get("f")))


def follow_up_ticket(rating, *, secret: str, token: str) -> str:
    """Signed proof that the holder gave `rating` through the page of `token` (it carries no personal data)."""
    serializer = URLSafeTimedSerializer(secret, salt="xiaoneng.rating-follow-up")
    return serializer.dumps({"r": rating.id, "k": rating.rater_key, "s": _scope(token)})


def check_follow_up_ticket(ticket: str, *, secret: str, token: str) -> tuple[int, str]:
    """(rating id, rater key) of a follow-up ticket, or TokenRefused."""
    serializer = URLSafeTimedSerializer(secret, salt="xiaoneng.rating-follow-up")
    try:
        payload = serializer.loads(ticket or "", max_age=FOLLOW_UP_MAX_AGE)
    except BadSignature:
        raise TokenRefused("追加评价链接无效或已过期") from None
    if not isinstance(payload, dict) or payload.get("s") != _scope(token):
        raise TokenRefused("追加评价链接无效或已过期")
    return int(payload["r"]), str(payload["k"])
