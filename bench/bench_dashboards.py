"""Each role's dashboard on a scaled demo: the dashboard's own figures (in process, a read-only session), the home
page it sits on (served by a real `xiaoneng serve`, signed in), and a straightforward ORM aggregation of the same
figures (the rows loaded as objects and counted in Python), side by side, medians and the ratio. Target: each
dashboard <= 500 ms.

The database is migrated (the rollup's tables) and its rollup built first, both timed (the first build is the
demo's last step or the first hourly run; then one steady-state run). Give it a copy of a scaled demo:

Run: .venv/bin/python bench/bench_dashboards.py --database-url sqlite:////tmp/copy.db [--repeat 15] [--baseline 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import select  # noqa: E402

from tests.fixtures.live import serve_live  # noqa: E402
from xiaoneng import migrate, wiring  # noqa: E402
from xiaoneng.auth.service import actor_for  # noqa: E402
from xiaoneng.cases.models import Case  # noqa: E402
from xiaoneng.complaints.models import Complaint  # noqa: E402
from xiaoneng.dashboards import rollup, service  # noqa: E402
from xiaoneng.dashboards.period import TREND_MONTHS, period_of  # noqa: E402
from xiaoneng.dashboards.rules import months_back  # noqa: E402
from xiaoneng.db import make_engine, session_factory  # noqa: E402
from xiaoneng.inspections.models import InspectionFinding  # noqa: E402
from xiaoneng.kit import clock  # noqa: E402
from xiaoneng.org.models import Staff  # noqa: E402
from xiaoneng.ratings.models import Rating  # noqa: E402
from xiaoneng.rectification.models import Rectification  # noqa: E402

TARGET_MS = 500.0
ROLES = {"director": "Director@2026", "head_scjg": "Kezhang@2026", "supervisor": "Jiancha@2026",
         "staff_scjg": "Chuangkou@2026"}


def naive(session, actor, today: dt.date) -> dict:
    """The same figures the plain way: every row of the trend's months loaded as an object, counted in Python."""
    period = period_of(today)
    first = months_back(period.start, TREND_MONTHS)[0]
    months: dict[tuple, Counter] = defaultdict(Counter)
    if actor.role == "supervisor":
        for c in session.scalars(select(Case).where(Case.center_id == actor.center_id)):
            if c.overdue and c.status in ("received", "accepted"):
                months[("overdue", c.department_id)]["cases"] += 1
        for r in session.scalars(select(Rectification).where(Rectification.center_id == actor.center_id)):
            if r.current_due and r.current_due < today and r.status in ("open", "contacted", "rectifying", "ledger"):
                months[("overdue", r.department_id)]["loop"] += 1
        return months
    ratings = select(Rating).where(Rating.center_id == actor.center_id, Rating.rated_on >= first,
                                   Rating.rated_on <= period.end)
    cases = select(Case).where(Case.center_id == actor.center_id)
    if actor.role == "dept_head":
        ratings, cases = ratings.where(Rating.department_id == actor.department_id), cases.where(
            Case.department_id == actor.department_id)
    if actor.role == "window_staff":
        ratings, cases = ratings.where(Rating.staff_id == actor.user_id), cases.where(Case.handler_id == actor.user_id)
    for r in session.scalars(ratings):
        slot = months[(r.rated_on.year, r.rated_on.month)]
        slot["ratings"] += 1
        slot["default"] += r.is_default
        slot["satisfied"] += r.level >= 4
        slot["bad"] += r.is_bad
        if r.rated_on >= period.start:
            months[("department", r.department_id)]["ratings"] += 1
            months[("staff", r.staff_id)]["ratings"] += 1
    for c in session.scalars(cases.where(Case.completed_on >= first, Case.completed_on <= period.end)):
        slot = months[(c.completed_on.year, c.completed_on.month)]
        slot["completed"] += 1
        slot["on_time"] += not c.overdue
    for c in session.scalars(cases.where(Case.received_at >= dt.datetime.combine(first, dt.time(), clock.TZ))):
        local = clock.local(c.received_at).date()
        months[(local.year, local.month)]["received"] += 1
    if actor.role != "window_staff":
        open_loop = sum(1 for r in session.scalars(select(Rectification).where(
            Rectification.center_id == actor.center_id)) if r.status in ("open", "contacted", "rectifying", "ledger"))
        open_complaints = sum(1 for c in session.scalars(select(Complaint).where(
            Complaint.center_id == actor.center_id)) if c.status not in ("closed", "merged"))
        open_findings = sum(1 for f in session.scalars(select(InspectionFinding).where(
            InspectionFinding.center_id == actor.center_id)) if f.status in ("open", "answered"))
        months["open"].update(loop=open_loop, complaints=open_complaints, findings=open_findings)
    return months


def _ms(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True, help="a copy of a scaled demo (it is migrated)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--baseline", type=int, default=1, help="runs of the ORM aggregation (slow; 0: none)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the day to show (default: the clock's)")
    options = parser.parse_args()
    url = options.database_url
    wiring.install()
    started = time.perf_counter()
    migrate.upgrade(url)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    engine = make_engine(url)
    today = options.today or clock.today()
    for run in ("first", "steady"):
        with session_factory(engine)() as session:
            started = time.perf_counter()
            changed = rollup.refresh(session, today=today)
            session.commit()
            print(f"rollup ({run} run): {time.perf_counter() - started:.1f} s, {changed} days changed", flush=True)
    reads = session_factory(engine, readonly=True)
    with reads() as session:
        from sqlalchemy import func
        cases = session.scalar(select(func.count()).select_from(Case))
        ratings = session.scalar(select(func.count()).select_from(Rating))
        actors = {u: actor_for(session.scalar(select(Staff).where(Staff.username == u))) for u in ROLES}
    print(f"{engine.dialect.name}: {cases:,} cases, {ratings:,} ratings; showing {period_of(today).label}\n")
    results = {}
    for username, actor in actors.items():
        times = []
        for _ in range(options.repeat + 1):
            with reads() as session:
                t = time.perf_counter()
                service.dashboard_for(session, actor=actor, today=today)
                times.append((time.perf_counter() - t) * 1000)
        base = []
        for _ in range(options.baseline):
            with reads() as session:
                t = time.perf_counter()
                naive(session, actor, today)
                base.append((time.perf_counter() - t) * 1000)
        results[username] = (_ms(times[1:]), statistics.median(base) if base else None)
    pages = {}
    import httpx
    with serve_live(url, env={"XIAONENG_ENV": "development", "XIAONENG_RUN_JOBS_IN_SERVER": "false"}) as server:
        for username, password in ROLES.items():
            client = httpx.Client(base_url=server.base, timeout=120, headers={"accept": "text/html"})
            token = client.get("/api/auth/csrf").json()["csrf_token"]
            client.post("/api/auth/login", json={"username": username, "password": password},
                        headers={"x-csrf-token": token, "accept": "application/json"}).raise_for_status()
            times = []
            for _ in range(options.repeat + 1):
                t = time.perf_counter()
                answer = client.get("/")
                times.append((time.perf_counter() - t) * 1000)
                answer.raise_for_status()
            pages[username] = _ms(times[1:])
    print(f"{'dashboard':12} {'median ms':>10} {'p90 ms':>8} {'ORM ms':>10} {'ratio':>7} {'home page ms':>13}"
          f" {'p90':>7}")
    worst = 0.0
    for username, ((median, p90), base) in results.items():
        page = pages[username]
        worst = max(worst, p90)
        orm = f"{base:10.0f} {base / median:6.0f}x" if base is not None else f"{'—':>10} {'—':>7}"
        print(f"{username:12} {median:10.1f} {p90:8.1f} {orm} {page[0]:13.1f} {page[1]:7.1f}")
    print(f"\nworst dashboard p90 {worst:.0f} ms (target {TARGET_MS:.0f} ms)")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
