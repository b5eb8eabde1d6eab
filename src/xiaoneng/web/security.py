"""Security headers of every answer (OWASP ASVS 14.4), added by an ASGI middleware at `http.response.start`.

Only the headers of the start message are touched and the body messages pass through as they come, so streamed
downloads (web/downloads.py) stay streamed. The pages load nothing from elsewhere and carry no inline script or
style (those live in web/static), hence a strict Content-Security-Policy.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
       "frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
# Swagger UI's stylesheet draws its icons as data: SVG images; nothing else is loosened.
DOCS_CSP = CSP.replace("img-src 'self'", "img-src 'self' data:")
DOCS_PATH = "/api/docs"
# Public pages whose URL carries a rating token (QR codes, case links, the kiosk) and the other public pages (the
# own-case lookup, disclosure): a link followed from them must not hand the token on.
PUBLIC_PREFIXES = ("/r/", "/kiosk/", "/public/", "/api/public/")
PUBLIC_PREFIXES += ("/s/",)  # questionnaire links carry their signed token too
PUBLIC_PATHS = ("/rate",)
STATIC_PREFIX = "/static/"
HSTS = "max-age=31536000"


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def headers_for(path: str, *, hsts: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": DOCS_CSP if path == DOCS_PATH else CSP,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
        "Referrer-Policy": "no-referrer" if is_public(path) else "same-origin",
    }
    if not path.startswith(STATIC_PREFIX):
        # Signed-in pages and API answers carry personal data; public pages carry one-time form nonces.
        headers["Cache-Control"] = "no-store"
    if hsts:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, hsts: bool):
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        root = scope.get("root_path", "")
        path = scope["path"][len(root):] if root and scope["path"].startswith(root) else scope["path"]
        extra = headers_for(path, hsts=self.hsts)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in headers:  # a handler's own choice (e.g. a download's caching) stands
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
