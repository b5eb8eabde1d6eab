"""Test-only job functions: each leaves one visible effect (an outbound message naming the job) per run."""

from __future__ import annotations

from tests.fixtures.waiting import pause
from xiaoneng.notifications.models import OutboundMessage

# Switched by a test to make `flaky` fail; a module-level switch because jobs are resolved by name.
FLAKY = {"fail": True}


def _effect(session, name: str, stamp: str) -> None:
    session.add(OutboundMessage(channel="sms", address="10000", subject=name, body=stamp, status="sent",
                                attempts=0, last_error=""))
    session.flush()


def _make_tick(name: str, seconds: float):
    def tick(session, *, now):
        _effect(session, name, now.isoformat())
        pause(seconds)  # long enough for a second worker to be looking for work meanwhile
        return 1

    tick.__name__ = name
    return tick


for _n in range(8):
    globals()[f"tick{_n}"] = _make_tick(f"tick{_n}", 0.0)
    globals()[f"slow{_n}"] = _make_tick(f"slow{_n}", 0.25)


def daily(session, *, today):
    """Takes only `today`, as a job that reasons in dates does."""
    _effect(session, "daily", today.isoformat())
    return {"day": today}


def flaky(session, *, now):
    """Writes its effect, then fails while FLAKY says so: the effect must not survive the failure."""
    _effect(session, "flaky", now.isoformat())
    if FLAKY["fail"]:
        raise RuntimeError("上游接口不可用")
    return 1
