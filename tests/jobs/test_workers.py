"""Worker processes: `xiaoneng worker --once`, and several workers at once running every slot exactly once.

These tests need committed data seen by other processes, so each builds a database of its own (a SQLite file, or
a throwaway PostgreSQL database on the server of XIAONENG_TEST_DATABASE_URL) and drops it afterwards."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from xiaoneng import migrate
from tests.fixtures.waiting import wait_until
from xiaoneng.db import make_engine, session_scope
from xiaoneng.jobs.cli import worker
from xiaoneng.jobs.models import JobRun, ScheduledJob
from xiaoneng.jobs.registry import JOBS
from xiaoneng.kit import clock
from xiaoneng.notifications.models import OutboundMessage

ROOT = Path(__file__).resolve().parents[2]
SLOW_JOBS = [f"slow{n}" for n in range(8)]
SPEC = ";".join(f"{name}=3600@tests.jobs.effects:{name}" for name in SLOW_JOBS)


def _prepare(url: str, *, schedule: bool = True) -> None:
    """Migrate; unless told not to, pause the built-in jobs and make every test job due for a slot two hours ago."""
    migrate.upgrade(url)
    if not schedule:
        return
    engine = make_engine(url)
    slot = clock.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=2)
    with session_scope(engine) as session:
        for job in JOBS:
            session.add(ScheduledJob(name=job.name, interval_seconds=job.interval_seconds, next_run_at=slot,
                                     enabled=False, last_error=""))
        for name in SLOW_JOBS:
            session.add(ScheduledJob(name=name, interval_seconds=3600, next_run_at=slot, enabled=True, last_error=""))
    engine.dispose()


def _worker_env(url: str) -> dict:
    """A worker process on `url` whose clock starts at the test's clock and runs on."""
    return {**os.environ, "XIAONENG_DATABASE_URL": url, "XIAONENG_EXTRA_JOBS": SPEC, "XIAONENG_ENV": "test",
            "PYTHONPATH": str(ROOT), "XIAONENG_CLOCK_AT": clock.now().isoformat()}


def _run_workers(url: str, count: int) -> list[subprocess.CompletedProcess]:
    env = _worker_env(url)
    procs = [subprocess.Popen([sys.executable, "-m", "xiaoneng", "worker", "--once", "--id", f"worker-{i}"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(count)]
    done = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return done


def _assert_each_slot_ran_once(url: str, finished: list[subprocess.CompletedProcess],
                               expected: list[str] = SLOW_JOBS) -> None:
    for proc in finished:
        assert proc.returncode == 0, proc.stderr
    engine = make_engine(url)
    with session_scope(engine, readonly=True) as session:
        runs = list(session.scalars(select(JobRun)))
        effects = Counter(session.scalars(select(OutboundMessage.subject)))
        rows = {row.name: row for row in session.scalars(select(ScheduledJob))}
    engine.dispose()
    assert sorted(run.job_name for run in runs) == sorted(expected)
    assert {run.status for run in runs} == {"done"}
    assert effects == Counter({name: 1 for name in SLOW_JOBS})
    now = clock.now()
    for name in SLOW_JOBS:
        assert rows[name].next_run_at > now and rows[name].lease_owner is None
    reported = sum(int(proc.stdout.strip().splitlines()[-1].split("本轮运行 ")[1].split(" ")[0]) for proc in finished)
    assert reported == len(expected)


def test_several_workers_on_sqlite_run_every_slot_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    _prepare(url)
    _assert_each_slot_ran_once(url, _run_workers(url, 3))


@pytest.mark.postgres_only
def test_several_workers_on_postgresql_run_every_slot_exactly_once(postgres_url):
    _prepare(postgres_url)
    _assert_each_slot_ran_once(postgres_url, _run_workers(postgres_url, 3))


@pytest.mark.postgres_only
def test_workers_starting_on_an_empty_schedule_create_it_once_and_run_each_job_once(postgres_url):
    _prepare(postgres_url, schedule=False)
    _assert_each_slot_ran_once(postgres_url, _run_workers(postgres_url, 3),
                               expected=[job.name for job in JOBS] + SLOW_JOBS)


def test_worker_once_runs_the_due_jobs(cli_database, monkeypatch):
    monkeypatch.setenv("XIAONENG_EXTRA_JOBS", "tick3=3600@tests.jobs.effects:tick3")
    result = CliRunner().invoke(worker, ["--once", "--id", "cli-worker"])
    assert result.exit_code == 0, result.output
    assert "tick3" in result.output and "cli-worker" in result.output
    with session_scope(cli_database, readonly=True) as session:
        runs = {run.job_name: run for run in session.scalars(select(JobRun))}
    assert runs["tick3"].status == "done" and runs["tick3"].worker == "cli-worker"
    assert set(runs) == {job.name for job in JOBS} | {"tick3"}


def _wait_for_run(url: str, name: str, timeout: float = 60) -> JobRun | None:
    engine = make_engine(url)

    def done() -> JobRun | None:
        with session_scope(engine, readonly=True) as session:
            return session.scalar(select(JobRun).where(JobRun.job_name == name, JobRun.status == "done"))

    try:
        return wait_until(done, timeout, every=0.2)
    finally:
        engine.dispose()


def test_sigterm_stops_a_looping_worker(tmp_path):
    url = f"sqlite:///{tmp_path / 'loop.db'}"
    _prepare(url)
    env = _worker_env(url)
    proc = subprocess.Popen([sys.executable, "-m", "xiaoneng", "worker", "--interval", "1", "--id", "looper"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for_run(url, "slow0") is not None
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "已停止" in out


def test_the_web_process_runs_jobs_in_a_thread(tmp_path, monkeypatch):
    from xiaoneng.config import Settings
    from xiaoneng.jobs.worker import start_in_server, stop_in_server
    from xiaoneng.web.app import create_app

    url = f"sqlite:///{tmp_path / 'web.db'}"
    _prepare(url)
    monkeypatch.setenv("XIAONENG_EXTRA_JOBS", SPEC)
    engine = make_engine(url)
    app = create_app(Settings(env="test", secret_key="t" * 40, database_url=url, run_jobs_in_server=True),
                     engine=engine)
    thread = start_in_server(app)
    try:
        assert thread is not None and thread.is_alive()
        run = _wait_for_run(url, "slow7")
        assert run is not None and run.worker.endswith(":web")
    finally:
        stop_in_server(app)
        engine.dispose()
    assert not thread.is_alive()


def test_no_thread_when_the_setting_is_off_or_sessions_share_a_connection(tmp_path, app):
    from xiaoneng.config import Settings
    from xiaoneng.jobs.worker import start_in_server
    from xiaoneng.web.app import create_app

    engine = make_engine(f"sqlite:///{tmp_path / 'off.db'}")
    off = create_app(Settings(env="test", secret_key="t" * 40, run_jobs_in_server=False), engine=engine)
    assert start_in_server(off) is None
    assert start_in_server(app) is None  # the test app's sessions share the test's connection
    engine.dispose()
