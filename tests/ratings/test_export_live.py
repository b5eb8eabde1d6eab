"""XLSX exports from a real `xiaoneng serve` (file-based SQLite, or PostgreSQL on the PostgreSQL run): the file holds
the rows the database holds, and a large export neither stops the center's writers nor the server's answers."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from sqlalchemy import func, insert, select

from tests.fixtures.activity import build_activity
from tests.fixtures.live import serve_live
from tests.fixtures.sheets import read_xlsx
from xiaoneng.cases.models import Case
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification

NO_JOBS = {"XIAONENG_RUN_JOBS_IN_SERVER": "false"}  # nothing but the test changes the data while it compares


@pytest.fixture
def built(clock, own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        activity = build_activity(s)
    yield own_database_url, engine, activity
    engine.dispose()


def _count(engine, stmt) -> int:
    with session_scope(engine, readonly=True) as s:
        return s.scalar(stmt)


def test_each_list_export_holds_the_rows_of_the_database(built):
    url, engine, activity = built
    with serve_live(url, env=NO_JOBS) as server:
        client = server.sign_in(activity.supervisor)
        ratings = read_xlsx(client.get("/ratings/export.xlsx", params={"start": "2026-11-01", "end": "2026-11-30"}))
        bad = read_xlsx(client.get("/ratings/export.xlsx", params={"bad_only": "1"}))
        rectifications = read_xlsx(client.get("/rectifications/export.xlsx"))
        cases = read_xlsx(client.get("/cases/export.xlsx", params={"status": "completed"}))
        ranking = read_xlsx(client.get("/rankings/export.xlsx", params={"start": "2026-11-01", "end": "2026-11-30"}))
        head = read_xlsx(server.sign_in(activity.head_a).get("/ratings/export.xlsx"))
    center = activity.center_id
    assert len(ratings.rows) == _count(engine, select(func.count(Rating.id)).where(Rating.center_id == center)) == 60
    assert len(bad.rows) == _count(engine, select(func.count(Rating.id)).where(Rating.center_id == center,
                                                                             Rating.is_bad.is_(True))) == 12
    assert len(rectifications.rows) == _count(engine, select(func.count(Rectification.id))
                                              .where(Rectification.center_id == center)) == 12
    assert len(cases.rows) == _count(engine, select(func.count(Case.id)).where(Case.center_id == center)) == 60
    assert sorted((r["部门"], r["评价数"]) for r in ranking.rows) == [("不动产登记科", 30), ("市场监管科", 30)]
    assert len(head.rows) == _count(engine, select(func.count(Rating.id)).where(
        Rating.department_id == activity.department_ids[0])) == 30
    # Values as people read them, and every comment that began like a formula is text.
    assert set(ratings.column("工作人员")) == {"李秀英", "赵志强"}
    comments = [c for row in ratings.cells for c in row if c.value and str(c.value).lstrip("'")[:1] in "=+-@\t\r"]
    assert comments and all(c.data_type == "s" and c.value.startswith("'") for c in comments)


def _many_ratings(engine, activity, n: int) -> None:
    """n more ratings of the center's first department, written in one statement (the large center's year)."""
    with session_scope(engine) as s:
        start = dt.datetime(2026, 1, 5, 10, tzinfo=TZ)
        rows = [{"center_id": activity.center_id, "department_id": activity.department_ids[0], "channel": "qr_code",
                 "level": 5 - i % 5, "is_bad": i % 5 >= 3, "comment": f"批量评价{i}", "rater_key": f"bulk-{i}",
                 "indicators": {}, "flags": [], "rated_at": start + dt.timedelta(minutes=i),
                 "rated_on": (start + dt.timedelta(minutes=i)).date()} for i in range(n)]
        s.execute(insert(Rating), rows)


def test_a_large_export_does_not_stop_writers_or_answers(built):
    url, engine, activity = built
    _many_ratings(engine, activity, 20_000)
    with serve_live(url, env=NO_JOBS) as server:
        exporter = server.sign_in(activity.supervisor)
        result = {}

        def export():
            began = time.monotonic()
            result["answer"] = exporter.get("/ratings/export.xlsx", timeout=120)
            result["seconds"] = time.monotonic() - began

        thread = threading.Thread(target=export)
        thread.start()
        time.sleep(1.0)  # the workbook is being written
        waits = []
        for _ in range(3):
            began = time.monotonic()
            server.sign_in(activity.head_a)  # a write: the sign-in's audit record
            waits.append(time.monotonic() - began)
            health = server.client().get("/healthz", timeout=10)
            assert health.status_code == 200
        thread.join(120)
        book = read_xlsx(result["answer"])
    assert len(book.rows) == 20_060
    assert result["seconds"] > 2 and thread.ident  # long enough for the writes above to have met it
    assert max(waits) < 1.5, (waits, result["seconds"])
    print(f"export of {len(book.rows)} rows: {result['seconds']:.1f} s; sign-ins meanwhile: "
          + ", ".join(f"{w:.2f} s" for w in waits))
