"""Request bodies past the limit are refused with 413 by a real server, before they are read: a large declared
Content-Length is answered at once, a chunked body is counted as it arrives; uploads have a larger limit."""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlsplit

import pytest

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from xiaoneng import migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('limits') / 'live.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        admin = make_staff(s, role=Role.ADMIN).username
    engine.dispose()
    with serve_live(url) as server:
        server.admin = admin
        yield server


def _exchange(base: str, head: str, body_parts=(), *, chunked: bool = False) -> tuple[int, dict, bytes]:
    """Send a request by hand (so a body need not be as long as it claims) and read the answer to its end."""
    address = urlsplit(base)
    with socket.create_connection((address.hostname, address.port), timeout=30) as conn:
        conn.sendall(head.encode())
        try:
            for part in body_parts:
                conn.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n" if chunked else part)
            if chunked:
                conn.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped listening once it had answered
        raw = b""
        while True:
            try:
                data = conn.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            raw += data
    header, _, body = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def _head(path: str, *, length: int | None = None, content_type: str = "application/json", accept: str = "*/*") -> str:
    size = f"Content-Length: {length}\r\n" if length is not None else "Transfer-Encoding: chunked\r\n"
    return (f"POST {path} HTTP/1.1\r\nHost: testserver\r\nContent-Type: {content_type}\r\nAccept: {accept}\r\n"
            f"{size}Connection: close\r\n\r\n")


def test_a_large_declared_body_is_refused_at_once_without_being_sent(live):
    started = time.monotonic()
    status, headers, body = _exchange(live.base, _head("/api/auth/login", length=100 * MIB), [b"{"])
    assert status == 413 and time.monotonic() - started < 2
    answer = json.loads(body)
    assert answer["code"] == "body_too_large" and "1 MB" in answer["message"] and answer["field"] is None


def test_a_page_gets_a_chinese_413_page(live):
    status, headers, body = _exchange(live.base, _head("/login", length=50 * MIB, accept="text/html",
                                                       content_type="application/x-www-form-urlencoded"), [b"a=1"])
    assert status == 413 and headers["content-type"].startswith("text/html")
    assert "请求内容过大" in body.decode() and "1 MB" in body.decode()


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/public/ratings"])
def test_a_chunked_body_is_refused_once_it_passes_the_limit(live, path):
    chunks = [b" " * (256 * 1024)] * 5  # 1.25 MiB, none declared
    status, _, body = _exchange(live.base, _head(path), chunks, chunked=True)
    assert status == 413 and json.loads(body)["code"] == "body_too_large"


def test_a_chunked_body_under_the_limit_reaches_the_application(live):
    body = json.dumps({"username": "nobody", "password": "x" * (512 * 1024)}).encode()
    status, _, answer = _exchange(live.base, _head("/api/auth/login"), [body[:300_000], body[300_000:]], chunked=True)
    assert status != 413 and json.loads(answer)["code"] != "body_too_large"


def test_an_upload_may_be_larger_than_other_bodies_but_not_past_its_own_limit(live):
    client = live.sign_in(live.admin)
    allowed = client.post("/api/import/items", files={"file": ("items.csv", b"a" * (3 * MIB), "text/csv")})
    assert allowed.status_code != 413
    refused = client.post("/api/import/items", files={"file": ("items.csv", b"a" * (11 * MIB), "text/csv")})
    assert refused.status_code == 413 and "10 MB" in refused.json()["message"]
