"""The one clock: all domain code receives today/now from here (or from tests), in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    return dt.datetime.now(TZ)


def today() -> dt.date:
    return now().date()


def local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(TZ)
