"""Queries of attendance: punches and spot-check findings over a span of days, past imports, the spot-check list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session

from xiaoneng.attendance.models import AttendanceImport, PunchRecord, SpotCheck, SpotCheckEntry


def punches(session: Session, *, center_id: int, first: dt.date, last: dt.date,
            staff_ids: set[int] | None = None) -> dict[tuple[int, dt.date], list[dt.time]]:
    """Each person's punch times per day of first..last (only `staff_ids`' when given)."""
    found: dict[tuple[int, dt.date], list[dt.time]] = defaultdict(list)
    if last < first or staff_ids == set():
        return found
    stmt = select(PunchRecord.staff_id, PunchRecord.day, PunchRecord.time).where(
        PunchRecord.center_id == center_id, PunchRecord.day >= first, PunchRecord.day <= last)
    if staff_ids is not None and len(staff_ids) <= 500:
        stmt = stmt.where(PunchRecord.staff_id.in_(staff_ids))
    for staff_id, day, time in session.execute(stmt):
        if staff_ids is None or staff_id in staff_ids:
            found[(staff_id, day)].append(time)
    return found


def punched_days(session: Session, *, center_id: int, first: dt.date, last: dt.date) -> set[dt.date]:
    """The days of first..last on which the center has any punch imported."""
    return set(session.scalars(select(PunchRecord.day).distinct().where(
        PunchRecord.center_id == center_id, PunchRecord.day >= first, PunchRecord.day <= last)))


def entries(session: Session, *, center_id: int, first: dt.date, last: dt.date, staff_ids: set[int] | None = None,
            absent_only: bool = False) -> list[SpotCheckEntry]:
    if last < first or staff_ids == set():
        return []
    stmt = select(SpotCheckEntry).where(SpotCheckEntry.center_id == center_id, SpotCheckEntry.day >= first,
                                        SpotCheckEntry.day <= last)
    if absent_only:
        stmt = stmt.where(SpotCheckEntry.present.is_(False))
    if staff_ids is not None and len(staff_ids) <= 500:
        stmt = stmt.where(SpotCheckEntry.staff_id.in_(staff_ids))
    rows = session.scalars(stmt.order_by(SpotCheckEntry.day, SpotCheckEntry.spot_check_id, SpotCheckEntry.id))
    return [e for e in rows if staff_ids is None or e.staff_id in staff_ids]


def entries_of(session: Session, check_ids: list[int]) -> dict[int, list[SpotCheckEntry]]:
    found: dict[int, list[SpotCheckEntry]] = defaultdict(list)
    if check_ids:
        for e in session.scalars(select(SpotCheckEntry).where(SpotCheckEntry.spot_check_id.in_(check_ids))
                                 .order_by(SpotCheckEntry.id)):
            found[e.spot_check_id].append(e)
    return found


def checks_by_id(session: Session, check_ids: set[int]) -> dict[int, SpotCheck]:
    if not check_ids:
        return {}
    return {c.id: c for c in session.scalars(select(SpotCheck).where(SpotCheck.id.in_(check_ids)))}


def taken_keys(session: Session, *, center_id: int, first: dt.date, last: dt.date) -> set[tuple[str, dt.date, str]]:
    """(target_key, day, key_time) of the spot checks already recorded over first..last."""
    return {tuple(r) for r in session.execute(select(SpotCheck.target_key, SpotCheck.day, SpotCheck.key_time).where(
        SpotCheck.center_id == center_id, SpotCheck.day >= first, SpotCheck.day <= last))}


def imports(session: Session, *, center_id: int, limit: int = 20) -> list[AttendanceImport]:
    return list(session.scalars(select(AttendanceImport).where(AttendanceImport.center_id == center_id)
                                .order_by(AttendanceImport.imported_at.desc(), AttendanceImport.id.desc())
                                .limit(limit)))


def spot_checks(*, center_id: int, department_id: int | None, staff_id: int | None, start: dt.date | None,
                end: dt.date | None, result: str, key_time: str, sort, descending: bool) -> Select:
    """The spot checks of a center (of a department; those that list `staff_id`), as filtered and sorted."""
    stmt = select(SpotCheck).where(SpotCheck.center_id == center_id)
    if department_id is not None:
        stmt = stmt.where(SpotCheck.department_id == department_id)
    if staff_id is not None:
        stmt = stmt.where(exists().where(SpotCheckEntry.spot_check_id == SpotCheck.id,
                                         SpotCheckEntry.staff_id == staff_id))
    if start:
        stmt = stmt.where(SpotCheck.day >= start)
    if end:
        stmt = stmt.where(SpotCheck.day <= end)
    if result == "absent":
        stmt = stmt.where(SpotCheck.absent > 0)
    elif result == "present":
        stmt = stmt.where(SpotCheck.absent == 0)
    if key_time:
        stmt = stmt.where(SpotCheck.key_time == key_time)
    columns = sort if isinstance(sort, tuple) else (sort,)
    order = [c.desc() if descending else c.asc() for c in columns]
    return stmt.order_by(*order, SpotCheck.id.desc() if descending else SpotCheck.id.asc())
