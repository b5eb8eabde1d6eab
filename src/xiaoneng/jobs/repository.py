"""All SQL of timed work: job rows, the claim query, and the runs of each slot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xiaoneng.jobs.models import JobRun, ScheduledJob


def jobs_by_name(session: Session) -> dict[str, ScheduledJob]:
    return {row.name: row for row in session.scalars(select(ScheduledJob))}


def add_missing(session: Session, rows: list[ScheduledJob]) -> int:
    """Insert the rows whose name is not there yet; a row another worker inserted meanwhile is left to it."""
    existing = set(session.scalars(select(ScheduledJob.name)))
    added = 0
    for row in rows:
        if row.name in existing:
            continue
        try:
            with session.begin_nested():
                session.add(row)
            added += 1
        except IntegrityError:
            pass
    return added


def claimable(session: Session, *, names: list[str], now: dt.datetime) -> ScheduledJob | None:
    """The most overdue job that is due and not held by a live lease, locked for this claim. On PostgreSQL rows
    other workers are claiming are skipped; on SQLite the write lock taken by BEGIN IMMEDIATE serialises claims."""
    stmt = (select(ScheduledJob)
            .where(ScheduledJob.enabled.is_(True), ScheduledJob.next_run_at <= now,
                   or_(ScheduledJob.lease_until.is_(None), ScheduledJob.lease_until < now),
                   ScheduledJob.name.in_(names))
            .order_by(ScheduledJob.next_run_at, ScheduledJob.name)
            .limit(1)
            .with_for_update(skip_locked=True))
    return session.scalar(stmt)


def job_for_update(session: Session, name: str) -> ScheduledJob | None:
    return session.scalar(select(ScheduledJob).where(ScheduledJob.name == name).with_for_update())


def get_job(session: Session, name: str) -> ScheduledJob | None:
    return session.get(ScheduledJob, name)


def run_for_slot(session: Session, *, name: str, slot: dt.datetime) -> JobRun | None:
    return session.scalar(select(JobRun).where(JobRun.job_name == name, JobRun.slot == slot))


def recent_runs(session: Session, *, name: str | None = None, limit: int = 50) -> list[JobRun]:
    stmt = select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(limit)
    if name:
        stmt = stmt.where(JobRun.job_name == name)
    return list(session.scalars(stmt))


def last_runs(session: Session) -> dict[str, JobRun]:
    """The latest run of each job."""
    latest = select(JobRun.job_name, func.max(JobRun.id).label("id")).group_by(JobRun.job_name).subquery()
    stmt = select(JobRun).join(latest, JobRun.id == latest.c.id)
    return {run.job_name: run for run in session.scalars(stmt)}


def runs_of(session: Session, name: str) -> list[JobRun]:
    return list(session.scalars(select(JobRun).where(JobRun.job_name == name).order_by(JobRun.slot)))
