"""The calendar interface the pure rules need: anything with add_working_days(date, n) -> date."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class WorkingDays(Protocol):
    def add_working_days(self, start: dt.date, n: int) -> dt.date: ...

    def is_working_day(self, day: dt.date) -> bool: ...
