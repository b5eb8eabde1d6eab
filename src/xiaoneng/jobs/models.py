"""Tables of timed work: each job's schedule and lease, and one row per run of a due slot."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, utcnow


class ScheduledJob(Base):
    """A job's next due time and who holds it. A worker leases a due row, runs it, then moves next_run_at on."""

    __tablename__ = "scheduled_job"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    interval_seconds: Mapped[int]
    next_run_at: Mapped[dt.datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[dt.datetime | None]
    last_started_at: Mapped[dt.datetime | None]
    last_finished_at: Mapped[dt.datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(default=True)


class JobRun(Base):
    """One run of one due slot: the unique (job, slot) pair is what makes 'exactly once' checkable."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job_name", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_name: Mapped[str] = mapped_column(String(64))
    slot: Mapped[dt.datetime]  # the next_run_at that was due
    worker: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")  # running | done | failed
    result: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
