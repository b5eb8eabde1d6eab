"""The public link of a questionnaire and what keeps its answers honest without accounts.

- The link carries a token naming the survey and its center, signed with the server secret (itsdangerous, its own
  salt): a changed character breaks it. Whether answers are still taken is the survey's state, not the token's.
- A browser gets a random id in a signed cookie the first time it opens a survey; the response stores only a
  hash of (survey, id), unique per survey, so one browser answers once and nothing names the person.
- Each rendering of the form carries a signed one-time nonce bound to the survey and that browser id; the
  responses table refuses a nonce seen before, so a form cannot be replayed.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from xiaoneng.errors import XiaonengError

FORM_MAX_AGE = 6 * 3600
BROWSER_COOKIE = "xn_survey_browser"
BROWSER_COOKIE_AGE = 365 * 86400


class LinkRefused(XiaonengError):
    status_code = 404
    code = "survey_link_refused"


@dataclass(frozen=True)
class SurveyLink:
    survey_id: int
    center_id: int


@functools.lru_cache(maxsize=8)
def _links(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="xiaoneng.survey-link.v1")


@functools.lru_cache(maxsize=8)
def _browsers(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="xiaoneng.survey-browser.v1")


@functools.lru_cache(maxsize=8)
def _nonces(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="xiaoneng.survey-form.v1")


def sign(survey_id: int, center_id: int, *, secret: str) -> str:
    return _links(secret).dumps({"s": int(survey_id), "c": int(center_id)})


def verify(token: str, *, secret: str) -> SurveyLink:
    try:
        payload = _links(secret).loads(token or "")
        return SurveyLink(int(payload["s"]), int(payload["c"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused("问卷链接无效，请重新扫码或打开完整的链接") from None


def path(token: str) -> str:
    return f"/s/{token}"


def public_url(base_url: str, token: str) -> str:
    """The address printed under the QR code: under the configured public base, never a request's Host."""
    return f"{base_url.rstrip('/')}{path(token)}"


def new_browser() -> str:
    return secrets.token_urlsafe(18)


def sign_browser(browser_id: str, *, secret: str) -> str:
    return _browsers(secret).dumps(browser_id)


def read_browser(value: str | None, *, secret: str) -> str | None:
    if not value or len(value) > 200:
        return None
    try:
        found = _browsers(secret).loads(value)
    except BadSignature:
        return None
    return found if isinstance(found, str) and 16 <= len(found) <= 40 else None


def browser_key(survey_id: int, browser_id: str) -> str:
    return hashlib.sha256(f"{survey_id}:{browser_id}".encode()).hexdigest()


def issue_nonce(*, secret: str, survey_id: int, browser_id: str) -> str:
    return _nonces(secret).dumps({"n": secrets.token_urlsafe(24), "s": int(survey_id), "b": browser_id})


def check_nonce(value: str, *, secret: str, survey_id: int, browser_id: str | None) -> str:
    """The nonce's random part, or LinkRefused (422) when it is forged, stale, or from another survey or browser."""
    try:
        payload = _nonces(secret).loads(value or "", max_age=FORM_MAX_AGE)
    except SignatureExpired:
        raise LinkRefused("页面停留时间过长，请刷新后重新填写", field="nonce", status_code=422) from None
    except BadSignature:
        raise LinkRefused("表单无效，请刷新页面后重新填写", field="nonce", status_code=422) from None
    if (not isinstance(payload, dict) or payload.get("s") != survey_id or not browser_id
            or payload.get("b") != browser_id or not isinstance(payload.get("n"), str)):
        raise LinkRefused("表单无效，请刷新页面后重新填写", field="nonce", status_code=422)
    return payload["n"]
