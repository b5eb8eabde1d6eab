"""Links that open the public rating pages (C7): signed tokens, one-time form nonces and follow-up tickets."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import tokens
from xiaoneng.ratings.tokens import TokenKind, TokenRefused

FORM_MAX_AGE = 3 * 3600  # a rating form left open longer than this must be reloaded
FOLLOW_UP_MAX_AGE = 30 * 86400
RECTIFICATION_LINK_DAYS = 30


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


def step_link(step, *, secret: str, now: dt.datetime, base_url: str = "") -> str | None:
    """URL of the rating page of one completed step (一环节一评), valid to the end of its rating day; else None."""
    token = step_token(step, secret=secret, now=now)
    return f"{base_url.rstrip('/')}/r/{token}" if token else None


def qr_token(kind: TokenKind, record_id: int, *, center_id: int, secret: str, now: dt.datetime, days: int) -> str:
    """A long-lived token for a printed QR code or a kiosk (window, staff member or kiosk)."""
    return tokens.sign(kind, record_id, center_id=center_id, expires_at=now + dt.timedelta(days=days), secret=secret)


def rectification_link(rect, *, secret: str, now: dt.datetime, base_url: str = "",
                       days: int = RECTIFICATION_LINK_DAYS) -> str:
    """URL where the rater rates the rectification of their bad review (D7)."""
    token = tokens.sign(TokenKind.RECTIFICATION, rect.id, center_id=rect.center_id,
                        expires_at=now + dt.timedelta(days=days), secret=secret)
    return f"{base_url.rstrip('/')}/r/{token}"


def _scope(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def issue_nonce(*, secret: str, token: str) -> str:
    """A signed one-time value for one rendering of a form; the ratings table refuses a value used twice."""
    serializer = URLSafeTimedSerializer(secret, salt="xiaoneng.rating-form")
    return serializer.dumps({"n": secrets.token_urlsafe(24), "s": _scope(token)})


def check_nonce(value: str, *, secret: str, token: str) -> str:
    """The nonce inside a signed form value, or TokenRefused when it is forged, stale or from another page."""
    serializer = URLSafeTimedSerializer(secret, salt="xiaoneng.rating-form")
    try:
        payload = serializer.loads(value or "", max_age=FORM_MAX_AGE)
    except SignatureExpired:
        raise TokenRefused("页面停留时间过长，请刷新后重新提交", field="nonce", code="form_expired") from None
    except BadSignature:
        raise TokenRefused("表单无效，请刷新页面后重新提交", field="nonce", code="form_refused") from None
    if not isinstance(payload, dict) or payload.get("s") != _scope(token) or not isinstance(payload.get("n"), str):
        raise TokenRefused("表单无效，请刷新页面后重新提交", field="nonce", code="form_refused")
    return payload["n"]


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
