"""The month a dashboard shows (pure): kit.periods.default_period (last month until the 5th, as the rankings open),
compared with the same days of the month before; trends cover the 12 months ending with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiaoneng.kit.periods import default_period, month_last

TREND_MONTHS = 12


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    before_start: dt.date  # the same days of the month before
    before_end: dt.date

    @property
    def label(self) -> str:
        text = f"{self.start.year}年{self.start.month}月"
        return text if self.end == month_last(self.start) else f"{text}（截至{self.end.day}日）"


def period_of(today: dt.date) -> Period:
    start, end = default_period(today)
    before_start = (start - dt.timedelta(days=1)).replace(day=1)
    before_end = min(before_start + (end - start), month_last(before_start))
    return Period(start, end, before_start, before_end)
