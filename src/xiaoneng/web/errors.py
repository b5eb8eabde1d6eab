"""One handler renders every error: JSON {code, message, field} for the API, a Chinese page for people."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from xiaoneng.errors import NotAuthenticated, XiaonengError

PYDANTIC_REASONS = {
    "missing": "必填",
    "int_parsing": "须为整数",
    "int_type": "须为整数",
    "float_parsing": "须为数字",
    "bool_parsing": "须为是/否",
    "date_from_datetime_parsing": "须为日期（YYYY-MM-DD）",
    "date_parsing": "须为日期（YYYY-MM-DD）",
    "date_type": "须为日期（YYYY-MM-DD）",
    "datetime_parsing": "须为日期时间（如 2026-05-06T09:30:00+08:00）",
    "datetime_type": "须为日期时间（如 2026-05-06T09:30:00+08:00）",
    "bool_type": "须为 true 或 false",
    "int_from_float": "须为整数",
    "string_too_long": "过长",
    "string_too_short": "不能为空",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "json_invalid": "不是有效的 JSON",
    "string_type": "须为文本",
    "bool_type": "须为是/否（true/false）",
    "dict_type": "须为对象",
    "list_type": "须为列表",
    "extra_forbidden": "不是可接受的字段",
    "control_characters": "含有不可见的控制字符",
}

HTTP_MESSAGES = {404: "页面不存在", 405: "不支持的请求方式", 413: "上传的文件过大"}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", "")


def _page(request: Request, status: int, message: str, code: str):
    from xiaoneng.web.templating import render

    return render(request, "error.html", {"message": message, "code": code, "status": status}, status_code=status,
                  actor=getattr(request.state, "actor", None))


def validation_body(exc: RequestValidationError) -> dict:
    """{code, message, field, errors}: the first field at fault named in Chinese, then every one of them."""
    first = exc.errors()[0] if exc.errors() else {"loc": ("body",), "type": "", "msg": ""}
    field = str(first["loc"][-1]) if first.get("loc") else None
    reason = PYDANTIC_REASONS.get(first.get("type", ""), "格式不正确")
    return {
        "code": "validation_failed",
        "message": f"字段 {field}：{reason}",
        "field": field,
        "errors": [
            {"field": str(e["loc"][-1]) if e.get("loc") else None, "reason": PYDANTIC_REASONS.get(e.get("type", ""), "格式不正确")}
            for e in exc.errors()
        ],
    }


def json_error(exc: XiaonengError | RequestValidationError) -> JSONResponse:
    """The API's answer to a refused request, for code that runs outside the exception handlers below."""
    if isinstance(exc, RequestValidationError):
        return JSONResponse(validation_body(exc), status_code=422)
    return JSONResponse(exc.to_dict(), status_code=exc.status_code)


def install(app: FastAPI) -> None:
    @app.exception_handler(XiaonengError)
    async def _domain_error(request: Request, exc: XiaonengError):
        if wants_json(request):
            return json_error(exc)
        if isinstance(exc, NotAuthenticated) and request.method == "GET":
            return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)
        return _page(request, exc.status_code, exc.message, exc.code)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        body = validation_body(exc)
        if wants_json(request):
            return JSONResponse(body, status_code=422)
        return _page(request, 422, body["message"], "validation_failed")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        message = HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        if wants_json(request):
            return JSONResponse({"code": f"http_{exc.status_code}", "message": message, "field": None}, status_code=exc.status_code)
        return _page(request, exc.status_code, message, f"http_{exc.status_code}")


INTERNAL_MESSAGE = "系统内部错误，请稍后重试；问题已记入服务器日志"
INTERNAL_PAGE = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>系统内部错误</title>"
                 "</head><body><h1>系统内部错误</h1><p>" + INTERNAL_MESSAGE + "</p><p><a href=\"/\">返回首页</a></p>"
                 "</body></html>")


class InternalErrors:
    """A fault no handler caught still gets a Chinese answer, and, being inside SecurityHeaders, its headers.

    Starlette's own 500 comes from its outermost middleware, past every header a middleware adds. This answers
    first (JSON for the API, a plain page for people; no template, which may be what failed) and then re-raises,
    so the server logs the traceback and a test client still sees the exception."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if not started:
                await send_internal_error(scope, send)
            raise


async def send_internal_error(scope, send) -> None:
    if wants_json(Request(scope)):
        answer = JSONResponse({"code": "internal_error", "message": INTERNAL_MESSAGE, "field": None}, status_code=500)
    else:
        answer = HTMLResponse(INTERNAL_PAGE, status_code=500)
    await answer(scope, _no_body, send)


async def _no_body():
    return {"type": "http.disconnect"}


def edge_refusal(scope, *, status: int, code: str, message: str, field: str | None = None,
                 headers: dict | None = None) -> Response:
    """The refusal of a middleware that answers before any handler: {code, message, field} under /api, the Chinese
    error page elsewhere (no signed-in user is known there)."""
    if scope["path"].startswith("/api"):
        return JSONResponse({"code": code, "message": message, "field": field}, status_code=status, headers=headers)
    from xiaoneng.web.templating import templates

    return templates.TemplateResponse(Request(scope), "error.html",
                                      {"actor": None, "message": message, "code": code, "status": status},
                                      status_code=status, headers=headers)
