"""All SQL of the calendar domain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from xiaoneng.calendar.models import CalendarDay, CalendarOverride, CalendarYear
from xiaoneng.kit.scope import Actor, scoped


def national_stamp(session: Session) -> tuple:
    """A cheap fingerprint of the national tables: it changes whenever a year is seeded, entered or corrected."""
    years, entered = session.execute(select(func.count(CalendarYear.year), func.max(CalendarYear.entered_at))).one()
    days = session.scalar(select(func.count()).select_from(CalendarDay))
    return (years, entered.isoformat() if entered else "", days)


def list_years(session: Session) -> list[CalendarYear]:
    return list(session.scalars(select(CalendarYear).order_by(CalendarYear.year)))


def year_numbers(session: Session) -> set[int]:
    return set(session.scalars(select(CalendarYear.year)))


def get_year(session: Session, year: int) -> CalendarYear | None:
    return session.get(CalendarYear, year)


def national_days(session: Session) -> list[CalendarDay]:
    return list(session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def days_between(session: Session, first: dt.date, last: dt.date) -> list[CalendarDay]:
    stmt = select(CalendarDay).where(CalendarDay.day >= first, CalendarDay.day <= last).order_by(CalendarDay.day)
    return list(session.scalars(stmt))


def delete_days(session: Session, days: list[dt.date]) -> None:
    if days:
        session.execute(delete(CalendarDay).where(CalendarDay.day.in_(days)))


def add_days(session: Session, rows: list[CalendarDay]) -> None:
    session.add_all(rows)
    session.flush()


def center_overrides(session: Session, center_id: int) -> list[CalendarOverride]:
    stmt = select(CalendarOverride).where(CalendarOverride.center_id == center_id).order_by(CalendarOverride.day)
    return list(session.scalars(stmt))


def list_overrides(session: Session, actor: Actor, center_id: int | None = None) -> list[CalendarOverride]:
    stmt = scoped(select(CalendarOverride), CalendarOverride, actor).order_by(CalendarOverride.day)
    if center_id is not None:
        stmt = stmt.where(CalendarOverride.center_id == center_id)
    return list(session.scalars(stmt))


def get_override(session: Session, center_id: int, day: dt.date) -> CalendarOverride | None:
    return session.get(CalendarOverride, (center_id, day))


def tables_exist(session: Session) -> bool:
    from sqlalchemy import inspect

    return inspect(session.connection()).has_table("calendar_year")
