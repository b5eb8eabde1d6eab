"""The runner: due slots run once, failures are recorded and retried, leases expire, downtime is caught up once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.jobs import effects
from xiaoneng.jobs import runner
from xiaoneng.jobs.models import JobRun, ScheduledJob
from xiaoneng.jobs.rules import Job
from xiaoneng.notifications.models import OutboundMessage

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 23, 10, 20, tzinfo=TZ)  # a Monday morning
HOURLY = Job("tick0", 3600, "tests.jobs.effects:tick0")


def effects_of(db, name: str) -> list[str]:
    return list(db.scalars(select(OutboundMessage.body).where(OutboundMessage.subject == name)
                           .order_by(OutboundMessage.id)))


def runs_of(db, name: str) -> list[JobRun]:
    db.expire_all()
    return list(db.scalars(select(JobRun).where(JobRun.job_name == name).order_by(JobRun.slot)))


def schedule(db, name: str) -> ScheduledJob:
    db.expire_all()
    return db.get(ScheduledJob, name)


def test_a_new_job_is_due_at_the_start_of_its_slot_and_runs_once(db, sessions):
    runs = runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[HOURLY])
    assert [(r.job_name, r.status, r.worker) for r in runs] == [("tick0", "done", "w1")]
    assert runs[0].slot == dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
    assert runs[0].result == {"count": 1}
    assert effects_of(db, "tick0") == [NOW.isoformat()]
    row = schedule(db, "tick0")
    assert row.next_run_at == dt.datetime(2026, 11, 23, 11, 0, tzinfo=TZ)
    assert row.lease_owner is None and row.lease_until is None and row.last_error == ""
    assert runner.run_due(sessions, worker_id="w2", now=NOW + dt.timedelta(minutes=30), jobs=[HOURLY]) == []
    assert len(effects_of(db, "tick0")) == 1


def test_a_job_not_yet_due_does_not_run(db, sessions):
    runner.ensure_jobs(sessions, jobs=[HOURLY], now=NOW)
    db.get(ScheduledJob, "tick0").next_run_at = NOW + dt.timedelta(seconds=1)
    db.flush()
    assert runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[HOURLY]) == []
    assert effects_of(db, "tick0") == []


def test_a_paused_job_does_not_run(db, sessions):
    runner.ensure_jobs(sessions, jobs=[HOURLY], now=NOW)
    db.get(ScheduledJob, "tick0").enabled = False
    db.flush()
    assert runner.run_due(sessions, worker_id="w1", now=NOW + dt.timedelta(hours=3), jobs=[HOURLY]) == []


def test_every_due_job_runs_in_one_pass_most_overdue_first(db, sessions):
    jobs = [Job("tick1", 60, "tests.jobs.effects:tick1"), Job("daily", 86400, "tests.jobs.effects:daily"), HOURLY]
    runs = runner.run_due(sessions, worker_id="w1", now=NOW, jobs=jobs)
    assert [r.job_name for r in runs] == ["daily", "tick0", "tick1"]
    assert effects_of(db, "daily") == ["2026-11-23"]
    assert runs[0].result == {"day": "2026-11-23"}
    assert schedule(db, "daily").next_run_at == dt.datetime(2026, 11, 24, tzinfo=TZ)
    assert schedule(db, "tick1").next_run_at == dt.datetime(2026, 11, 23, 10, 21, tzinfo=TZ)


def test_a_failure_is_recorded_its_work_undone_and_retried_at_the_next_slot(db, sessions, monkeypatch):
    monkeypatch.setitem(effects.FLAKY, "fail", True)
    flaky = Job("flaky", 3600, "tests.jobs.effects:flaky")
    [run] = runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[flaky])
    assert run.status == "failed" and "上游接口不可用" in run.error and run.finished_at is not None
    assert effects_of(db, "flaky") == []
    row = schedule(db, "flaky")
    assert "上游接口不可用" in row.last_error
    assert row.next_run_at == dt.datetime(2026, 11, 23, 11, 0, tzinfo=TZ) and row.lease_owner is None
    assert runner.run_due(sessions, worker_id="w1", now=NOW + dt.timedelta(minutes=10), jobs=[flaky]) == []
    monkeypatch.setitem(effects.FLAKY, "fail", False)
    [retry] = runner.run_due(sessions, worker_id="w1", now=dt.datetime(2026, 11, 23, 11, 5, tzinfo=TZ), jobs=[flaky])
    assert retry.status == "done"
    assert [r.status for r in runs_of(db, "flaky")] == ["failed", "done"]
    assert len(effects_of(db, "flaky")) == 1
    assert schedule(db, "flaky").last_error == ""


def test_a_job_whose_function_is_missing_fails_and_is_recorded(db, sessions):
    missing = Job("missing", 3600, "tests.jobs.effects:no_such_function")
    [run] = runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[missing])
    assert run.status == "failed" and "no_such_function" in run.error


def test_downtime_is_caught_up_by_one_run(db, sessions):
    runner.ensure_jobs(sessions, jobs=[HOURLY], now=NOW - dt.timedelta(hours=7))
    later = dt.datetime(2026, 11, 23, 17, 42, tzinfo=TZ)
    runs = runner.run_due(sessions, worker_id="w1", now=later, jobs=[HOURLY])
    assert [r.slot for r in runs] == [dt.datetime(2026, 11, 23, 3, 0, tzinfo=TZ)]
    assert len(effects_of(db, "tick0")) == 1
    assert schedule(db, "tick0").next_run_at == dt.datetime(2026, 11, 23, 18, 0, tzinfo=TZ)


def test_a_live_lease_keeps_other_workers_off_and_an_expired_one_lets_them_take_over(db, sessions):
    runner.ensure_jobs(sessions, jobs=[HOURLY], now=NOW)
    claim = runner.claim_next(sessions, worker_id="dead", now=NOW, jobs=[HOURLY], lease_seconds=600)
    assert claim is not None and claim.slot == dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)
    # The worker "dead" stops here, as if its process had been killed mid-run.
    assert runner.run_due(sessions, worker_id="w2", now=NOW + dt.timedelta(minutes=5), jobs=[HOURLY]) == []
    assert schedule(db, "tick0").lease_owner == "dead"
    runs = runner.run_due(sessions, worker_id="w2", now=NOW + dt.timedelta(minutes=11), jobs=[HOURLY])
    assert [(r.slot, r.worker, r.status) for r in runs] == [(claim.slot, "w2", "done")]
    assert [r.worker for r in runs_of(db, "tick0")] == ["w2"]
    assert len(effects_of(db, "tick0")) == 1


def test_a_worker_whose_slot_was_taken_over_records_nothing(db, sessions):
    runner.ensure_jobs(sessions, jobs=[HOURLY], now=NOW)
    slow = runner.claim_next(sessions, worker_id="slow", now=NOW, jobs=[HOURLY], lease_seconds=60)
    runner.run_due(sessions, worker_id="w2", now=NOW + dt.timedelta(minutes=2), jobs=[HOURLY])
    assert runner.execute(sessions, slow, now=lambda: NOW + dt.timedelta(minutes=3)) is None
    assert [(r.worker, r.status) for r in runs_of(db, "tick0")] == [("w2", "done")]
    assert len(effects_of(db, "tick0")) == 1


def test_a_second_run_of_a_slot_cannot_exist(db, sessions):
    from sqlalchemy.exc import IntegrityError

    [run] = runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[HOURLY])
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(JobRun(job_name="tick0", slot=run.slot, worker="w2", status="running", result={}, error=""))
    assert db.scalar(select(func.count()).select_from(JobRun).where(JobRun.job_name == "tick0")) == 1


def test_jobs_get_only_the_arguments_they_take(db, sessions):
    from xiaoneng.jobs.registry import call

    seen = {}

    def takes_today(session, *, today):
        seen["today"] = today

    def takes_everything(session, **kw):
        seen["kw"] = sorted(kw)

    call(takes_today, db, today=NOW.date(), now=NOW)
    call(takes_everything, db, today=NOW.date(), now=NOW)
    assert seen == {"today": dt.date(2026, 11, 23), "kw": ["now", "today"]}


def test_extra_jobs_come_from_the_environment(monkeypatch):
    from xiaoneng.jobs.registry import JOBS, registry

    monkeypatch.setenv("XIAONENG_EXTRA_JOBS", "tick0=60@tests.jobs.effects:tick0;deliver_outbound=120@a.b:c")
    jobs = {job.name: job for job in registry()}
    assert set(jobs) == {job.name for job in JOBS} | {"tick0"}
    assert jobs["deliver_outbound"].interval_seconds == 120
