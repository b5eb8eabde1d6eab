"""Signed, expiring tokens that name what a rating page rates (C7): a case step, a window, a staff member, a kiosk.

A token is the payload {"k": kind, "id": record id, "c": center id, "exp": unix time} signed with the server secret
(itsdangerous, HMAC-SHA256, its own salt). Changing any character breaks the signature; the expiry is inside the
signed payload, so it cannot be extended either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from itsdangerous import BadSignature, URLSafeSerializer

from xiaoneng.errors import XiaonengError

_SALT = "xiaoneng.rating-token.v1"


class TokenKind(StrEnum):
    STEP = "s"  # a completed case step: the link sent to the applicant (一环节一评 / 一事一评)
    WINDOW = "w"  # the QR code on a window (一次一评)
    STAFF = "p"  # the QR code on a staff member's badge
    KIOSK = "k"  # the evaluator device of a window
    RECTIFICATION = "r"  # the rater's rating of the rectification of their bad review (D7)


class TokenRefused(XiaonengError):
    status_code = 403
    code = "token_refused"


@dataclass(frozen=True)
class RatingToken:
    kind: TokenKind
    record_id: int
    center_id: int
    expires_at: dt.datetime


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT)


def sign(kind: TokenKind, record_id: int, *, center_id: int, expires_at: dt.datetime, secret: str) -> str:
    payload = {"k": str(kind), "id": int(record_id), "c": int(center_id), "exp": int(expires_at.timestamp())}
    return _serializer(secret).dumps(payload)


def verify(token: str, *, secret: str, now: dt.datetime, kinds: tuple[TokenKind, ...] | None = None) -> RatingToken:
    """The token's content, or TokenRefused with the Chinese reason (forged, expired, or of the wrong kind)."""
    try:
        payload = _serializer(secret).loads(token)
        kind = TokenKind(payload["k"])
        parsed = RatingToken(kind, int(payload["id"]), int(payload["c"]),
                             dt.datetime.fromtimestamp(int(payload["exp"]), dt.UTC))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise TokenRefused("评价链接无效，请重新扫码或打开短信中的链接") from None
    if now >= parsed.expires_at:
        raise TokenRefused("评价链接已过期", code="token_expired")
    if kinds is not None and parsed.kind not in kinds:
        raise TokenRefused("评价链接无效，请重新扫码或打开短信中的链接")
    return parsed
