"""Schemathesis against a real `xiaoneng serve` on the demo district: every operation of the OpenAPI schema, as
each role and anonymously, with valid and invalid input; prints the operations, requests, answers by status and
the failures by kind, and exits non-zero on any failure (a 5xx answer, a network error, a crash of the server).

The demo is built on a file SQLite database (or --database-url), served with the public limits lifted so that
the rating endpoints' logic is reached rather than their 429. Sign-in, sign-out and password changes are left
out (they end the session the run is using); a generated body's "password" field is dropped for the same reason
(bench/fuzz_hooks.py). After each role's run its session must still work, or the counts would be of 401s.

Run: .venv/bin/python bench/fuzz_api.py [--max-examples 10] [--database-url URL] [--roles admin,supervisor]
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fixtures.live import serve_live  # noqa: E402

# The admin runs last: its run deactivates and renames the other accounts it finds.
ACCOUNTS = {
    "public": None,
    "staff_scjg": ("staff_scjg", "Chuangkou@2026"),
    "head_scjg": ("head_scjg", "Kezhang@2026"),
    "supervisor": ("supervisor", "Jiancha@2026"),
    "director": ("director", "Director@2026"),
    "admin": ("admin", "Admin@2026"),
}
LEFT_OUT = r"^/(login|logout|account/password|api/auth/.*)$"
UNLIMITED = "100000000"


def build(url: str, today: dt.date, var_dir: Path) -> None:
    env = {**os.environ, "XIAONENG_DATABASE_URL": url, "XIAONENG_VAR_DIR": str(var_dir)}
    subprocess.run([sys.executable, "-m", "xiaoneng", "demo", "--no-serve", "--reset", "--yes",
                    "--today", today.isoformat()], env=env, check=True, stdout=subprocess.DEVNULL)


def session_headers(base: str, account: tuple[str, str] | None) -> tuple[list[str], httpx.Client]:
    client = httpx.Client(base_url=base, timeout=60)
    if account is None:
        return [], client
    token = client.get("/api/auth/csrf").json()["csrf_token"]
    answer = client.post("/api/auth/login", json={"username": account[0], "password": account[1]},
                         headers={"x-csrf-token": token})
    answer.raise_for_status()
    client.headers["x-csrf-token"] = answer.json()["csrf_token"]
    cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return ["-H", f"Cookie: {cookie}", "-H", f"X-CSRF-Token: {answer.json()['csrf_token']}"], client


def run_role(base: str, role: str, options, report_dir: Path) -> dict:
    headers, client = session_headers(base, ACCOUNTS[role])
    har = report_dir / f"{role}.har"
    summary = report_dir / f"{role}.json"
    cmd = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{base}/api/openapi.json", *headers,
           "--checks", "not_a_server_error", "--max-examples", str(options.max_examples), "--seed",
           str(options.seed), "--exclude-path-regex", LEFT_OUT, "--workers", "2", "--request-timeout", "60",
           "--report", "json,har", "--report-json-path", str(summary), "--report-har-path", str(har)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench"), "SCHEMATHESIS_HOOKS": "fuzz_hooks"}
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=report_dir)  # its caches stay there
    seconds = time.perf_counter() - started
    report = json.loads(summary.read_text()) if summary.exists() else {}
    statuses = collections.Counter()
    if har.exists():
        for entry in json.loads(har.read_text())["log"]["entries"]:
            statuses[entry["response"]["status"]] += 1
    failures = collections.Counter()
    for failure in report.get("failures", []):
        failures[failure.get("title") or failure.get("kind") or "failure"] += 1
    for error in report.get("errors", []):
        failures["error: " + str(error.get("title") or error.get("message", ""))[:60]] += 1
    if done.returncode != 0 and not failures:
        failures[f"schemathesis exited {done.returncode}"] += 1
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
    still_signed_in = ACCOUNTS[role] is None or client.get("/api/center").status_code == 200
    if not still_signed_in:
        failures["the session ended during the run"] += 1
    return {"role": role, "seconds": seconds, "operations": report.get("operations", {}).get("tested", 0),
            "cases": report.get("test_cases", {}).get("generated", 0), "statuses": statuses,
            "failures": failures, "output": done.stdout}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=10, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="a PostgreSQL database to rebuild (default: a temporary SQLite file)")
    parser.add_argument("--roles", default=",".join(ACCOUNTS))
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = options.database_url or f"sqlite:///{tmp_path / 'fuzz.db'}"
        print(f"building the demo on {url.split('://')[0]} ...", flush=True)
        build(url, options.today, tmp_path)
        env = {"XIAONENG_ENV": "development", "XIAONENG_RUN_JOBS_IN_SERVER": "false",
               "XIAONENG_PUBLIC_RATE_LIMIT_PER_MINUTE": UNLIMITED, "XIAONENG_RATING_CODE_LIMIT_PER_HOUR": UNLIMITED,
               "XIAONENG_RATING_DEVICE_LIMIT_PER_DAY": UNLIMITED, "XIAONENG_CLOCK_AT": None}
        results = []
        with open(tmp_path / "server.log", "w+b") as log, serve_live(url, env=env, log=log, var_dir=tmp_path) as server:
            for role in options.roles.split(","):
                result = run_role(server.base, role, options, tmp_path)
                results.append(result)
                shown = " ".join(f"{code}:{n}" for code, n in sorted(result["statuses"].items()))
                print(f"{role:11} {result['operations']:4} operations {result['cases']:6} cases "
                      f"{sum(result['statuses'].values()):6} requests {result['seconds']:6.0f} s   {shown}",
                      flush=True)
            alive = server.process.poll() is None
            log.seek(0)
            tracebacks = log.read().count(b"Traceback")
        total = collections.Counter()
        failures = collections.Counter()
        for result in results:
            total.update(result["statuses"])
            failures.update(result["failures"])
        if not alive:
            failures["the server died"] += 1
        server_errors = sum(n for code, n in total.items() if code >= 500)
        print(f"\n{sum(total.values())} requests over {len(results)} roles; 5xx answers: {server_errors}; "
              f"tracebacks in the server log: {tracebacks}")
        for kind, n in failures.most_common():
            print(f"  failure: {kind} x{n}")
        if failures or server_errors:
            for result in results:
                if result["failures"]:
                    print(f"\n== {result['role']} ==\n{result['output'][-6000:]}")
            return 1
        print("no failures")
        return 0


if __name__ == "__main__":
    sys.exit(main())
