"""Imports on a real server: files past the limits are refused at once and change nothing; a big import runs off
the event loop, so other requests are answered while it works."""

from __future__ import annotations

import csv
import io
import threading
import time

import httpx
import pytest
from sqlalchemy import func, select

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff
from tests.imports.conftest import xlsx
from tests.imports.test_readers import _with_entry
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope
from xiaoneng.items.models import ServiceItem

HEADER = ["事项编码", "事项名称", "科室编码", "法定时限(工作日)", "承诺时限(工作日)", "可网办", "申报材料"]
MB = 1024 * 1024


def _items_csv(n: int) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([f"P-{i}", f"事项{i}", "BDC", 20, 5, "是", "申请书；身份证明"] for i in range(n))
    return buffer.getvalue().encode("utf-8-sig")


@pytest.fixture
def district(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, code="GX")
        make_department(s, center=center, code="BDC")
        admin = make_staff(s, role=Role.ADMIN, center=center).username
    yield own_database_url, engine, admin
    engine.dispose()


def _count(engine) -> int:
    with session_scope(engine, readonly=True) as s:
        return s.scalar(select(func.count()).select_from(ServiceItem))


def test_files_past_the_limits_are_refused_quickly_and_change_nothing(district):
    url, engine, admin = district
    with serve_live(url) as server:
        client = server.sign_in(admin)
        cases = [
            (("items.csv", b"x" * (11 * MB), "text/csv"), 413, "10 MB"),
            (("items.csv", _items_csv(20_001), "text/csv"), 422, "超过 20000 行的上限"),
            (("bomb.xlsx", _with_entry(xlsx([HEADER]), "xl/worksheets/sheet2.xml", b"\0" * (150 * MB)),
              "application/octet-stream"), 422, "解压后超过 100 MB 的上限"),
        ]
        for file, status, words in cases:
            started = time.monotonic()
            answer = client.post("/api/import/items", files={"file": file})
            assert answer.status_code == status and words in answer.json()["message"], answer.text
            assert time.monotonic() - started < 3, file[0]
    assert _count(engine) == 0


def test_the_import_page_refuses_files_past_the_limits_in_chinese_naming_the_limit(district):
    url, engine, admin = district
    with serve_live(url) as server:
        browser = server.sign_in(admin)
        browser.headers["accept"] = "text/html"
        token = browser.headers["x-csrf-token"]
        cases = [(("items.csv", b"x" * (11 * MB), "text/csv"), 413, "超过 10 MB 的上限"),
                 (("items.csv", _items_csv(20_001), "text/csv"), 422, "超过 20000 行的上限")]
        for file, status, words in cases:
            page = browser.post("/admin/import", data={"kind": "items", "csrf_token": token}, files={"file": file})
            assert page.status_code == status, page.text[:500]
            assert page.headers["content-type"].startswith("text/html") and words in page.text
    assert _count(engine) == 0


def test_other_requests_are_answered_while_a_big_import_runs(district):
    url, engine, admin = district
    rows = 1500
    with serve_live(url) as server:
        importer = server.sign_in(admin)
        # On SQLite every request's transaction waits for the import's write lock (one writer at a time), so a
        # signed-in page is checked on PostgreSQL only; /healthz and the sign-in page need no transaction.
        reader = server.sign_in(admin) if url.startswith("postgresql") else None
        result = {}

        def run_import():
            answer = importer.post("/api/import/items", files={"file": ("items.csv", _items_csv(rows), "text/csv")},
                                   timeout=300)
            result["answer"], result["done"] = answer, time.monotonic()

        thread = threading.Thread(target=run_import)
        thread.start()
        time.sleep(0.5)  # the upload is in and the rows are being written
        latencies, answered_during = [], 0
        with httpx.Client(base_url=server.base, timeout=60) as other:
            while thread.is_alive():
                started = time.monotonic()
                assert other.get("/healthz").status_code == 200
                assert other.get("/login", headers={"accept": "text/html"}).status_code == 200
                if reader is not None:
                    assert reader.get("/admin/items", headers={"accept": "text/html"}).status_code == 200
                finished = time.monotonic()
                latencies.append(finished - started)
                answered_during += thread.is_alive()
                time.sleep(0.1)
        thread.join()
    assert result["answer"].status_code == 200, result["answer"].text
    assert result["answer"].json()["created"] == {"item": rows}
    # Answered while the import was still at work, each promptly (a generous bound: the machine is shared).
    assert answered_during >= 3 and max(latencies) < 2, (answered_during, latencies)
    assert _count(engine) == rows
