"""Timed work as the admin page sees it: each job's schedule and last run, running one now, pausing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, NotFound
from xiaoneng.jobs import registry as job_registry
from xiaoneng.jobs import repository as repo
from xiaoneng.jobs.models import JobRun, ScheduledJob
from xiaoneng.jobs.rules import Job, align
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor


@dataclass(frozen=True)
class JobStatus:
    job: Job
    row: ScheduledJob | None
    last_run: JobRun | None

    @property
    def running(self) -> bool:
        return self.row is not None and self.row.lease_until is not None and self.row.lease_until > clock.now()


def job_statuses(session: Session, *, actor: Actor) -> list[JobStatus]:
    """Every registered job with its schedule row (none before the first runner starts) and its latest run."""
    actor.require("jobs.read")
    rows = repo.jobs_by_name(session)
    last = repo.last_runs(session)
    return [JobStatus(job=job, row=rows.get(job.name), last_run=last.get(job.name)) for job in job_registry.registry()]


def recent_runs(session: Session, *, actor: Actor, name: str | None = None, limit: int = 50) -> list[JobRun]:
    """The latest runs, newest first, of all jobs or of one."""
    actor.require("jobs.read")
    return repo.recent_runs(session, name=name or None, limit=limit)


def _job(name: str) -> Job:
    job = job_registry.find(name)
    if job is None:
        raise NotFound("定时任务不存在")
    return job


def _row(session: Session, job: Job, now: dt.datetime) -> ScheduledJob:
    row = repo.get_job(session, job.name)
    if row is None:
        row = ScheduledJob(name=job.name, interval_seconds=job.interval_seconds,
                           next_run_at=align(now, job.interval_seconds), last_error="", enabled=True)
        session.add(row)
        session.flush()
    return row


def run_now(session: Session, *, actor: Actor, name: str, now: dt.datetime | None = None) -> ScheduledJob:
    """Make a job due at once; the next runner pass (within a minute) runs it. Refused while it is running."""
    actor.require("jobs.read")
    now = now or clock.now()
    job = _job(name)
    row = _row(session, job, now)
    if row.lease_until is not None and row.lease_until > now:
        raise Conflict("该任务正在运行，请稍后再试", field="name")
    previous = row.next_run_at
    row.next_run_at = now
    session.flush()
    audit.record(session, actor=actor, action="job.run_now", entity="scheduled_job", entity_id=job.name,
                 detail={"next_run_at": [previous.isoformat(), now.isoformat()]})
    return row


def set_enabled(session: Session, *, actor: Actor, name: str, enabled: bool,
                now: dt.datetime | None = None) -> ScheduledJob:
    """Pause or resume a job; a paused job is skipped by every runner until resumed."""
    actor.require("jobs.read")
    job = _job(name)
    row = _row(session, job, now or clock.now())
    if row.enabled != enabled:
        row.enabled = enabled
        session.flush()
        audit.record(session, actor=actor, action="job.resume" if enabled else "job.pause", entity="scheduled_job",
                     entity_id=job.name, detail={"enabled": [not enabled, enabled]})
    return row
