"""The API's documentation page (/api/docs): Swagger UI from the project's own copy (web/static/vendor/swagger-ui),
started by a static script, so the page loads nothing from elsewhere and passes the Content-Security-Policy."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

SWAGGER_UI_VERSION = "5.35.0"  # npm swagger-ui-dist, see static/vendor/swagger-ui/README.md
VENDOR = "/static/vendor/swagger-ui"

api = APIRouter(include_in_schema=False)


@api.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    spec = escape(request.app.openapi_url or "", quote=True)
    title = escape(request.app.title)
    return HTMLResponse(f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API 文档</title>
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css">
<link rel="icon" href="{VENDOR}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-spec="{spec}"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
""")
