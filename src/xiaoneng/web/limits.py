"""Request body limits: the outermost middleware answers 413 before a too-large body is read into memory.

A declared Content-Length over the limit is refused before any of the body is read. A chunked body (no length) is
counted as the application reads it; past the limit the application's reads fail, whatever it answers is dropped,
and the client gets the 413. Uploads (imports) have a larger limit than every other request.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from xiaoneng.kit.readers import size_label
from xiaoneng.web.errors import edge_refusal

# Paths whose bodies are uploaded files; the multipart envelope (boundaries, the other fields) gets this much more.
UPLOAD_PATHS = ("/admin/import", "/api/import/", "/attendance/import",
                "/complaints/import", "/complaints/evidence/")
UPLOAD_PATHS += ("/api/inspections/photos",)  # a visit's photos, each checked against its own 5 MB limit
FORM_ENVELOPE_BYTES = 64 * 1024


class BodyTooLarge(Exception):
    """Raised into the application's read of a body that went past the limit."""


class BodyLimit:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int,
                 larger_uploads: dict[str, int] | None = None):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.larger_uploads = larger_uploads or {}  # path → a limit of its own (the 12345 import: a year of orders)

    def limit_for(self, path: str) -> tuple[int, int]:
        """(bytes allowed on the wire, the limit named to people) for a request to `path`."""
        if path in self.larger_uploads:
            return self.larger_uploads[path] + FORM_ENVELOPE_BYTES, self.larger_uploads[path]
        if path == UPLOAD_PATHS[0] or path.startswith(UPLOAD_PATHS):
            return self.max_upload_bytes + FORM_ENVELOPE_BYTES, self.max_upload_bytes
        return self.max_body_bytes, self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        allowed, named = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > allowed:
            await refusal(scope, named)(scope, receive, send)
            return
        await self._counted(scope, receive, send, allowed, named)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, allowed: int, named: int) -> None:
        state = {"received": 0, "over": False, "started": False}

        async def counting_receive() -> Message:
            if state["over"]:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > allowed:
                    state["over"] = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            if state["over"]:
                return  # the application's answer to a failed read: the client gets the 413 instead
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            pass
        except Exception:
            if not state["over"]:
                raise
        if state["over"] and not state["started"]:
            await refusal(scope, named)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def refusal(scope: Scope, limit: int) -> Response:
    """413 with the limit named: {code, message, field} under /api, a Chinese page elsewhere. The connection is
    closed after it, so the client stops sending the rest of the body."""
    return edge_refusal(scope, status=413, code="body_too_large", headers={"connection": "close"},
                        message=f"请求内容过大：超过 {size_label(limit)} 的上限，未作任何处理")
