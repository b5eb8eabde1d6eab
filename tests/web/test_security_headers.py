"""Security headers on every answer: a strict CSP, nosniff, the referrer policy (none from pages whose URL carries a
rating token), no-store on signed-in pages and API answers (not on static files), HSTS with secure cookies; added
at the start of the answer without holding back a streamed body."""

from __future__ import annotations

import asyncio
import re
import threading

import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff, make_window
from tests.ratings.test_public_pages import qr
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.web.security import SecurityHeaders

STRICT = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
          "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'"]


def _policy(answer) -> set[str]:
    return {part.strip() for part in answer.headers["content-security-policy"].split(";")}


def _assert_common(answer):
    assert set(STRICT) <= _policy(answer)
    assert "unsafe-inline" not in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"


def test_a_signed_in_page_is_not_stored_and_keeps_referrers_on_the_site(db, sign_in):
    staff = make_staff(db, role=Role.ADMIN, department=make_department(db))
    browser = sign_in(staff)
    page = browser.page("/admin/items")
    assert page.status_code == 200
    _assert_common(page)
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in page.headers  # the test app has no secure cookies
    ratings = browser.page("/ratings")  # a staff page whose path begins like the public /rate
    assert ratings.status_code == 200 and ratings.headers["referrer-policy"] == "same-origin"


def test_an_api_answer_with_personal_data_is_not_stored(db, sign_in):
    staff = make_staff(db, role=Role.ADMIN, department=make_department(db))
    answer = sign_in(staff).get("/api/staff")
    assert answer.status_code == 200 and answer.json()
    _assert_common(answer)
    assert answer.headers["cache-control"] == "no-store"


def test_an_error_answer_carries_the_headers_too(client):
    answer = client.get("/api/staff")
    assert answer.status_code == 401
    _assert_common(answer)
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path, accept, kind", [("/api/boom", "application/json", "application/json"),
                                                ("/boom", "text/html", "text/html")])
def test_a_fault_no_handler_caught_is_answered_in_chinese_with_the_headers(app, path, accept, kind):
    def boom():
        raise RuntimeError("a fault")

    app.add_api_route(path, boom)
    answer = TestClient(app, raise_server_exceptions=False).get(path, headers={"accept": accept})
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith(kind)
    _assert_common(answer)
    assert answer.headers["cache-control"] == "no-store"
    assert "系统内部错误" in answer.text and "a fault" not in answer.text
    if kind == "application/json":
        assert answer.json()["code"] == "internal_error"
    with pytest.raises(RuntimeError):  # the fault still reaches the server's log (and a test)
        TestClient(app).get(path, headers={"accept": accept})


def test_a_public_page_with_a_rating_token_sends_no_referrer(client, db):
    window = make_window(db, name="社保2号窗口")
    page = client.get(f"/r/{qr(TokenKind.WINDOW, window)}")
    assert page.status_code == 200
    _assert_common(page)
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"  # it carries a one-time form nonce


def test_the_own_case_lookup_sends_no_referrer(client):
    page = client.get("/rate")
    assert page.status_code == 200 and page.headers["referrer-policy"] == "no-referrer"


def test_the_public_disclosure_page_sends_no_referrer(client, db):
    center = make_center(db, code="JCXQ")
    page = client.get(f"/public/{center.code}/ratings")
    assert page.status_code == 200
    _assert_common(page)
    assert page.headers["referrer-policy"] == "no-referrer"


def test_a_static_file_may_be_cached(client):
    answer = client.get("/static/app.css")
    assert answer.status_code == 200
    _assert_common(answer)
    assert "cache-control" not in answer.headers
    assert answer.headers["referrer-policy"] == "same-origin"


def test_the_api_docs_reference_nothing_off_site(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert references and all(r.startswith("/") and not r.startswith("//") for r in references), references
    assert "<script>" not in page.text  # no inline script: the start-up is a static file
    for reference in references:
        assert client.get(reference).status_code == 200, reference
    assert "img-src 'self' data:" in page.headers["content-security-policy"]  # Swagger UI's icons


def test_headers_are_added_without_holding_back_a_streamed_body():
    produced = []
    app = FastAPI()

    @app.get("/file")
    async def file():
        async def chunks():
            for n in range(3):
                produced.append(n)
                yield f"chunk {n}\n".encode()
                await asyncio.sleep(0)

        return StreamingResponse(chunks(), media_type="text/plain")

    seen = []
    wrapped = SecurityHeaders(app, hsts=False)

    async def run():
        messages = iter([{"type": "http.request", "body": b"", "more_body": False}])

        async def receive():
            message = next(messages, None)
            if message is None:
                await asyncio.Event().wait()  # the client stays connected
            return message

        async def send(message):
            # At each body message, what the producer has made so far: one chunk more than the last message.
            seen.append((message["type"], len(produced), dict(message.get("headers", []))))

        scope = {"type": "http", "method": "GET", "path": "/file", "raw_path": b"/file", "root_path": "",
                 "query_string": b"", "headers": [], "scheme": "http", "server": ("t", 80), "client": ("c", 1),
                 "http_version": "1.1", "asgi": {"version": "3.0"}}
        await wrapped(scope, receive, send)

    # Its own thread: the browser tests' Playwright keeps an event loop running in the main thread.
    runner = threading.Thread(target=asyncio.run, args=(run(),))
    runner.start()
    runner.join(30)
    assert seen[0][0] == "http.response.start" and seen[0][1] == 0
    assert seen[0][2][b"content-security-policy"].startswith(b"default-src 'self'")
    assert [(kind, made) for kind, made, _ in seen[1:4]] == [("http.response.body", n) for n in (1, 2, 3)]


def test_a_handlers_own_cache_control_stands():
    app = FastAPI()

    @app.get("/cached")
    def cached():
        from fastapi.responses import PlainTextResponse
        return PlainTextResponse("x", headers={"cache-control": "private, max-age=60"})

    with TestClient(SecurityHeaders(app, hsts=False)) as client:
        assert client.get("/cached").headers["cache-control"] == "private, max-age=60"


@pytest.fixture
def served_admin(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        username = make_staff(s, role=Role.ADMIN, department=make_department(s)).username
    engine.dispose()
    return own_database_url, username


def test_a_real_server_with_secure_cookies_sends_hsts_on_every_answer(served_admin):
    url, admin = served_admin
    with serve_live(url, env={"XIAONENG_SECURE_COOKIES": "true"}) as server:
        client = server.client()
        for path in ("/login", "/static/app.css", "/api/openapi.json", "/api/docs"):
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert answer.headers["strict-transport-security"] == "max-age=31536000", path
            _assert_common(answer)


def test_a_real_server_without_secure_cookies_sends_no_hsts(served_admin):
    url, admin = served_admin
    with serve_live(url) as server:
        answer = server.sign_in(admin).get("/api/staff")
        assert answer.status_code == 200
        assert "strict-transport-security" not in answer.headers
        assert answer.headers["cache-control"] == "no-store"
