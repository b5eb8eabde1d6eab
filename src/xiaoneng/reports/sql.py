"""The few expressions whose SQL differs between SQLite and PostgreSQL: a stored UTC moment's local day, minute of
the day and month, and a date's month, so the figures group in the database on both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, cast, func, literal_column
from sqlalchemy.orm import Session

from xiaoneng.kit.clock import TZ

LOCAL_OFFSET = "+8 hours"  # Asia/Shanghai keeps no daylight saving time: SQLite shifts by a constant


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def local_minute(session: Session, column):
    """Minutes after local midnight of a UTC moment."""
    if dialect(session) == "sqlite":
        return (cast(func.strftime("%H", column, LOCAL_OFFSET), Integer) * 60
                + cast(func.strftime("%M", column, LOCAL_OFFSET), Integer))
    local = func.timezone(literal_column("'Asia/Shanghai'"), column)
    return cast(func.extract("hour", local), Integer) * 60 + cast(func.extract("minute", local), Integer)


def local_day_text(session: Session, column):
    """The local day of a UTC moment as YYYY-MM-DD text."""
    if dialect(session) == "sqlite":
        return func.date(column, LOCAL_OFFSET)
    return func.to_char(func.timezone(literal_column("'Asia/Shanghai'"), column), "YYYY-MM-DD")


def local_month_text(session: Session, column):
    if dialect(session) == "sqlite":
        return func.strftime("%Y-%m", column, LOCAL_OFFSET)
    return func.to_char(func.timezone(literal_column("'Asia/Shanghai'"), column), "YYYY-MM")


def month_text(session: Session, column):
    """A date column's month as YYYY-MM text."""
    if dialect(session) == "sqlite":
        return func.strftime("%Y-%m", column)
    return func.to_char(column, "YYYY-MM")


def utc_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[local midnight of start, local midnight after end) as aware datetimes, for an indexed range on a moment."""
    low = dt.datetime.combine(start, dt.time(0), TZ)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), TZ)
    return low, high
