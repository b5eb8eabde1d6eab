"""The job runner (SPEC K3): claim one due slot at a time through a database lease, run it, record it.

Any number of runners (worker processes, or a thread in each web process) may run at once. A slot runs exactly
once: the claim is serialised by the database (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite's write lock), the
job's work commits in the same transaction that marks its run done and moves the schedule on, and the unique
(job_name, slot) of job_run lets no second run of a slot exist. A runner that dies leaves its lease to expire;
the next runner takes the slot over."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.db import unit_of_work
from xiaoneng.jobs import registry as job_registry
from xiaoneng.jobs import repository as repo
from xiaoneng.jobs.models import JobRun, ScheduledJob
from xiaoneng.jobs.rules import LEASE_SECONDS, Job, align, next_slot, result_summary
from xiaoneng.kit import clock

log = logging.getLogger("xiaoneng.jobs")

RUNNING, DONE, FAILED = "running", "done", "failed"


@dataclass(frozen=True)
class Claim:
    """A slot this worker holds: the job, the run row inserted for the slot, and the slot itself."""

    job: Job
    run_id: int
    slot: dt.datetime
    worker_id: str


class LeaseLost(Exception):
    """Another worker took the slot over (this one's lease had expired): its result must not be recorded."""


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"




def ensure_jobs(sessions: sessionmaker[Session], *, jobs: list[Job], now: dt.datetime) -> int:
    """Create the schedule row of each job that has none, due at the start of its current slot."""
    with unit_of_work(sessions) as session:
        rows = [ScheduledJob(name=job.name, interval_seconds=job.interval_seconds,
                             next_run_at=align(now, job.interval_seconds), last_error="", enabled=True)
                for job in jobs]
        return repo.add_missing(session, rows)


def claim_next(sessions: sessionmaker[Session], *, worker_id: str, now: dt.datetime, jobs: list[Job],
               lease_seconds: int = LEASE_SECONDS) -> Claim | None:
    """Lease the most overdue due job and insert (or take over) the run of its slot, in one short transaction."""
    by_name = {job.name: job for job in jobs}
    for _ in range(len(jobs) + 1):
        try:
            with unit_of_work(sessions) as session:
                row = repo.claimable(session, names=list(by_name), now=now)
                if row is None:
                    return None
                job = by_name[row.name]
                row.interval_seconds = job.interval_seconds
                slot = row.next_run_at
                run = repo.run_for_slot(session, name=row.name, slot=slot)
                if run is not None and run.status != RUNNING:
                    # The slot finished but the schedule still points at it (set back by hand): move on.
                    row.next_run_at = next_slot(now, job.interval_seconds)
                    continue
                if run is None:
                    run = JobRun(job_name=row.name, slot=slot, worker=worker_id, started_at=now, status=RUNNING,
                                 result={}, error="")
                    session.add(run)
                else:
                    log.warning("job %s slot %s: lease of %s expired, taken over by %s", row.name, slot, run.worker,
                                worker_id)
                    run.worker, run.started_at, run.error = worker_id, now, ""
                row.lease_owner = worker_id
                row.lease_until = now + dt.timedelta(seconds=lease_seconds)
                row.last_started_at = now
                session.flush()
                return Claim(job=job, run_id=run.id, slot=slot, worker_id=worker_id)
        except IntegrityError:
            log.info("job slot claimed by another worker; looking for the next one")
    return None


def _finish(row: ScheduledJob, run: JobRun, *, now: dt.datetime, status: str, result: dict | None = None,
            error: str = "") -> None:
    run.status, run.finished_at, run.result, run.error = status, now, result or {}, error
    row.last_finished_at = now
    row.last_error = error
    row.next_run_at = next_slot(now, row.interval_seconds)
    row.lease_owner = None
    row.lease_until = None


def _held(session: Session, claim: Claim) -> tuple[ScheduledJob, JobRun]:
    """Lock the job row and check this worker still holds the slot."""
    row = repo.job_for_update(session, claim.job.name)
    run = session.get(JobRun, claim.run_id)
    if row is None or run is None or row.lease_owner != claim.worker_id or run.worker != claim.worker_id \
            or run.status != RUNNING:
        raise LeaseLost(claim.job.name)
    return row, run


def execute(sessions: sessionmaker[Session], claim: Claim, *, now: Callable[[], dt.datetime]) -> JobRun | None:
    """Run a claimed slot: the job's work, its run marked done and the next slot set commit together. On failure
    the work is rolled back and the failure recorded; the job is tried again at its next slot."""
    try:
        with unit_of_work(sessions) as session:
            row, run = _held(session, claim)
            started = now()
            function = job_registry.resolve(claim.job.target)
            value = job_registry.call(function, session, today=started.date(), now=started)
            session.flush()
            _finish(row, run, now=now(), status=DONE, result=result_summary(value))
            return run
    except LeaseLost:
        log.warning("job %s slot %s: lease lost, result discarded", claim.job.name, claim.slot)
        return None
    except Exception as exc:
        error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        log.exception("job %s slot %s failed", claim.job.name, claim.slot)
    try:
        with unit_of_work(sessions) as session:
            row, run = _held(session, claim)
            _finish(row, run, now=now(), status=FAILED, error=error)
            return run
    except LeaseLost:
        return None


def run_due(sessions: sessionmaker[Session], *, worker_id: str | None = None, now: dt.datetime | None = None,
            jobs: list[Job] | None = None, lease_seconds: int = LEASE_SECONDS,
            should_stop: Callable[[], bool] | None = None) -> list[JobRun]:
    """Run every job that is due, one claimed slot at a time, until none is left (or `should_stop` says so)."""
    worker_id = worker_id or default_worker_id()
    jobs = job_registry.registry() if jobs is None else jobs
    current = (lambda: now) if now is not None else clock.now
    ensure_jobs(sessions, jobs=jobs, now=current())
    runs: list[JobRun] = []
    while not (should_stop and should_stop()):
        claim = claim_next(sessions, worker_id=worker_id, now=current(), jobs=jobs, lease_seconds=lease_seconds)
        if claim is None:
            break
        run = execute(sessions, claim, now=current)
        if run is not None:
            runs.append(run)
    return runs
