"""Control characters are refused at the edge, in every query string and every JSON or form body (K4).

A NUL in a search term or a field reached PostgreSQL as a driver error (a 500); here the request is answered 422
naming the field, before any handler runs. Upload bodies (multipart) are files and are checked by their readers;
the public rating pages strip such characters from their own forms, so only their query strings are checked.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xiaoneng.kit.text import has_control_characters
from xiaoneng.web.errors import edge_refusal
from xiaoneng.web.security import is_public

REASON = "含有不可见的控制字符"
CHECKED_BODIES = ("application/json", "application/x-www-form-urlencoded")


def _bad_form_field(encoded: bytes) -> str | None:
    """The first key of a form-encoded text (a query string or a form body) whose key or value holds one; a byte
    that is not UTF-8 decodes to a lone surrogate and counts as one."""
    pairs = parse_qsl(encoded.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
    for key, value in pairs:
        if has_control_characters(key) or has_control_characters(value):
            return key
    return None


def bad_json_field(value, field: str | None = None) -> str | None:
    """The name of the first field whose key or text holds a control character, or "body"; None when clean."""
    if isinstance(value, str):
        return (field or "body") if has_control_characters(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = key if has_control_characters(key) else bad_json_field(item, key)
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = bad_json_field(item, field)
            if found:
                return found
    return None


def bad_query_field(query: bytes) -> str | None:
    return _bad_form_field(query)


def bad_body_field(kind: str, body: bytes) -> str | None:
    if kind.startswith("application/json"):
        try:
            parsed = json.loads(body)
        except ValueError:
            return None  # not JSON: the handler answers its own 422
        return bad_json_field(parsed)
    return _bad_form_field(body)


def refusal(scope: Scope, field: str) -> Response:
    return edge_refusal(scope, status=422, code="validation_failed", message=f"字段 {field}：{REASON}", field=field)


class TextGuard:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = bad_query_field(scope.get("query_string", b""))
        kind = dict(scope.get("headers") or []).get(b"content-type", b"").decode("latin-1").lower()
        if field is None and kind.startswith(CHECKED_BODIES) and not is_public(scope["path"]):
            body, receive = await _buffered(receive)
            field = bad_body_field(kind, body)
        if field is not None:
            await refusal(scope, field)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (bounded by web.limits.BodyLimit outside) and a receive that hands it on unchanged."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), receive  # the client went away
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
