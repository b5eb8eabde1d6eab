"""The one clock: all code reads today/now from here (or is given them), in Asia/Shanghai.

Tests set it (`use`, through the `clock` fixture); a server started by a test under XIAONENG_ENV=test starts its
clock at XIAONENG_CLOCK_AT and lets it run from there, so the suite passes whatever the machine's date.

What measures real elapsed time rather than reading a date stays off this clock on purpose: the rate limiter's
windows and the TTL cache (kit/ratelimit.py, kit/cache.py), the rating writer's linger and restart back-off
(ratings/intake.py, intake_process.py) and waits for processes run on `time.monotonic`; the signed session cookie
(Starlette's SessionMiddleware) and the rating form's nonces and follow-up tickets (ratings/links.py) carry
itsdangerous timestamps that the same server signs and checks on its own wall clock.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")

_source: Callable[[], dt.datetime] | None = None


def _wall() -> dt.datetime:
    return dt.datetime.now(TZ)


def use(source: Callable[[], dt.datetime] | None) -> None:
    """Read the time from `source` (an aware datetime each call) from now on; None goes back to the wall clock."""
    global _source
    _source = source


def running_from(start: dt.datetime) -> Callable[[], dt.datetime]:
    """A clock that reads `start` now and runs forward in real time."""
    origin = time.monotonic()
    return lambda: start + dt.timedelta(seconds=time.monotonic() - origin)


def _from_environment() -> None:
    at = os.environ.get("XIAONENG_CLOCK_AT")
    if at and os.environ.get("XIAONENG_ENV") == "test":
        start = dt.datetime.fromisoformat(at)
        use(running_from(start if start.tzinfo else start.replace(tzinfo=TZ)))


_from_environment()


def now() -> dt.datetime:
    return (_source or _wall)().astimezone(TZ)


def today() -> dt.date:
    return now().date()


def utcnow() -> dt.datetime:
    return now().astimezone(dt.UTC)


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(TZ)
