"""The period a statistics page opens on, and the period it is compared with (pure: the day is passed in).

The rankings and the public disclosure page both open on `default_month`: the current month, except in its first
days, when it holds almost nothing yet and the last complete month is what people look for.
"""

from __future__ import annotations

import datetime as dt

# Up to this day of the month the current month has hardly begun: the pages open on the month before.
HARDLY_BEGUN_THROUGH = 5


def month_first(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_last(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def default_month(today: dt.date) -> dt.date:
    """The first day of the month a page opens on: last month until the 5th, this month from the 6th."""
    if today.day <= HARDLY_BEGUN_THROUGH:
        return month_first(month_first(today) - dt.timedelta(days=1))
    return month_first(today)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """(first, last day) of `default_month`; the current month ends today (no days not yet lived)."""
    first = default_month(today)
    return first, min(month_last(first), today)


def _months_before(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The period of equal length just before [start, end], to compare with.

    Whole calendar months compare with as many whole months before (November with October, a quarter with the
    quarter before) though their days differ; any other span with the same number of days just before it.
    """
    if start.day == 1 and end == month_last(end) and start <= end:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = _months_before(start, months)
        return first, start - dt.timedelta(days=1)
    days = (end - start).days + 1
    return start - dt.timedelta(days=days), start - dt.timedelta(days=1)
