"""Rules of timed work: what a job is, when its slots fall, and when a lease has run out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAY = 86400
# How long a claim holds a job before another worker may take the slot over (a worker that died mid-run).
LEASE_SECONDS = 600


@dataclass(frozen=True)
class Job:
    """A named job run every `interval_seconds`; `target` is "module:function", resolved only when it runs."""

    name: str
    interval_seconds: int
    target: str
    label: str = ""

    def __post_init__(self):
        if self.interval_seconds <= 0:
            raise ValueError(f"job {self.name}: interval must be positive")
        module, _, function = self.target.partition(":")
        if not module or not function:
            raise ValueError(f"job {self.name}: target must be 'module:function', got {self.target!r}")


def align(moment: dt.datetime, interval_seconds: int) -> dt.datetime:
    """The start of the slot holding `moment`. Intervals that divide a day are counted from local midnight, so an
    hourly job falls on the hour and a daily one at midnight; other intervals start at the moment itself."""
    if DAY % interval_seconds:
        return moment
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((moment - midnight).total_seconds())
    return midnight + dt.timedelta(seconds=elapsed - elapsed % interval_seconds)


def next_slot(now: dt.datetime, interval_seconds: int) -> dt.datetime:
    """The first slot strictly after `now`. However many slots were missed, a job runs once and moves here."""
    slot = align(now, interval_seconds) + dt.timedelta(seconds=interval_seconds)
    while slot <= now:  # only for intervals not dividing a day, where align() returns `now` itself
        slot += dt.timedelta(seconds=interval_seconds)
    return slot


def is_due(*, enabled: bool, next_run_at: dt.datetime, lease_until: dt.datetime | None, now: dt.datetime) -> bool:
    """A job may be claimed when enabled, its slot has come, and no live lease holds it."""
    return enabled and next_run_at <= now and (lease_until is None or lease_until < now)


def parse_extra_jobs(spec: str) -> list[Job]:
    """Jobs added by configuration: "name=seconds@module:function" separated by ';' (e.g. a center's own report)."""
    jobs = []
    for part in spec.split(";"):
        part = part.strip()
        if not part:
            continue
        name, eq, rest = part.partition("=")
        seconds, at, target = rest.partition("@")
        if not eq or not at or not name.strip() or not seconds.strip().isdigit():
            raise ValueError(f"bad job spec {part!r}: expected name=seconds@module:function")
        jobs.append(Job(name.strip(), int(seconds), target.strip()))
    return jobs


def result_summary(value) -> dict:
    """What a job returned, as the JSON stored with its run: a count becomes {"count": n}."""
    if value is None:
        return {}
    if isinstance(value, bool):
        return {"ok": value}
    if isinstance(value, int):
        return {"count": value}
    if isinstance(value, dict):
        return {str(k): v if isinstance(v, (int, float, str, bool, type(None))) else str(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return {"count": len(value)}
    return {"result": str(value)}
