"""Every list page and the rankings, signed in, on a demo of a given scale: median and p90 per page, side by side
with the same server's bare health check (the floor of one request) in one run. Target: median <= 300 ms.

The demo is built (or reused) at --scale, on SQLite by default or on --database-url (PostgreSQL), served by a real
`xiaoneng serve` process; each page is requested --repeat times per role, one request at a time.

Run: .venv/bin/python bench/bench_lists.py [--scale 10] [--database-url URL] [--repeat 15] [--reuse]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.live import serve_live  # noqa: E402

TARGET_MS = 300.0
# (role account, password, pages) — each page as its users open it: first page, a later page, filtered, searched.
ROLES = {
    "admin": ("admin", "Admin@2026"),
    "supervisor": ("supervisor", "Jiancha@2026"),
    "head_scjg": ("head_scjg", "Kezhang@2026"),
    "staff_scjg": ("staff_scjg", "Chuangkou@2026"),
    "director": ("director", "Director@2026"),
}
PAGES = [
    ("supervisor", "/cases"),
    ("supervisor", "/cases?page=50"),
    ("supervisor", "/cases?overdue=1"),
    ("supervisor", "/cases?q=张"),
    ("supervisor", "/ratings"),
    ("supervisor", "/ratings?page=80"),
    ("supervisor", "/ratings?level=1"),
    ("supervisor", "/rectifications"),
    ("supervisor", "/rectifications?overdue=1"),
    ("supervisor", "/rectifications/alerts"),
    ("supervisor", "/rectifications/escalations"),
    ("director", "/rankings"),
    ("director", "/rankings?by=staff"),
    ("director", "/rankings?start={year_ago}&end={yesterday}"),
    ("director", "/rankings?by=staff&start={year_ago}&end={yesterday}"),
    ("head_scjg", "/cases"),
    ("head_scjg", "/ratings"),
    ("head_scjg", "/rectifications"),
    ("staff_scjg", "/cases"),
    ("staff_scjg", "/ratings"),
    ("supervisor", "/"),
    ("supervisor", "/ratings/social"),
    ("supervisor", "/admin/staff"),
    ("supervisor", "/admin/staff?q=张"),
    ("supervisor", "/admin/windows"),
    ("supervisor", "/admin/points"),
    ("supervisor", "/admin/org"),
    ("supervisor", "/admin/items"),
    ("supervisor", "/admin/items?q=许可"),
    ("admin", "/admin/audit"),
    ("admin", "/admin/audit?page=200"),
    ("admin", "/admin/exchange"),
    ("admin", "/admin/jobs"),
    ("admin", "/admin/calendar"),
    ("supervisor", "/inbox"),
    ("head_scjg", "/"),
    ("staff_scjg", "/"),
    (None, "/public/DEMO/ratings"),
    (None, "/public/DEMO/ratings?start={year_ago}&end={yesterday}"),
]


def build(url: str, scale: int, today: dt.date) -> float:
    env = {**os.environ, "XIAONENG_DATABASE_URL": url}
    args = [sys.executable, "-m", "xiaoneng", "demo", "--no-serve", "--reset", "--yes", "--today", today.isoformat()]
    if scale != 1:
        args += ["--scale", str(scale)]
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def sign_in(base: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=120, headers={"accept": "text/html"})
    token = client.get("/api/auth/csrf").json()["csrf_token"]
    answer = client.post("/api/auth/login", json={"username": username, "password": password},
                         headers={"x-csrf-token": token, "accept": "application/json"})
    answer.raise_for_status()
    return client


def timed(client: httpx.Client, path: str, repeat: int) -> list[float]:
    client.get(path)  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: {answer.status_code} {answer.text[:300]}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="serve the database as it is, without rebuilding")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the day the demo is (or was) built for: its year ends the day before")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{tmp}/bench.db"
        if options.database_url is None and options.reuse:
            raise SystemExit("--reuse needs --database-url")
        if not options.reuse:
            print(f"building the demo at scale {options.scale} on {url.split('://')[0]} ...", flush=True)
            print(f"  built in {build(url, options.scale, options.today):.0f} s", flush=True)
        env = {"XIAONENG_ENV": "development", "XIAONENG_RUN_JOBS_IN_SERVER": "false"}
        with serve_live(url, env=env) as server:
            clients = {role: sign_in(server.base, *account) for role, account in ROLES.items()}
            floor = statistics.median(timed(clients["supervisor"], "/healthz", options.repeat))
            print(f"\n{'page':46} {'role':11} {'median ms':>10} {'p90 ms':>8} {'x floor':>8}")
            print(f"{'/healthz (floor)':46} {'':11} {floor:10.1f}")
            worst, failed = 0.0, []
            yesterday = options.today - dt.timedelta(days=1)  # the demo's year ends the day before it was built for
            clients[None] = httpx.Client(base_url=server.base, timeout=120, headers={"accept": "text/html"})
            dates = {"yesterday": yesterday.isoformat(), "year_ago": (yesterday - dt.timedelta(days=364)).isoformat()}
            for role, template in PAGES:
                path = template.format(**dates)
                times = sorted(timed(clients[role], path, options.repeat))
                median, p90 = statistics.median(times), times[int(len(times) * 0.9) - 1]
                worst = max(worst, median)
                mark = "" if median <= TARGET_MS else "  > target"
                if mark:
                    failed.append(path)
                print(f"{path:46} {role or 'public':11} {median:10.1f} {p90:8.1f} {median / floor:8.0f}{mark}")
        print(f"\nslowest median {worst:.0f} ms (target {TARGET_MS:.0f} ms): "
              + ("met" if not failed else f"not met on {len(failed)} pages"))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
