"""Use cases of attendance (E5): import an export of the attendance system (all or nothing), and the monthly
summary per person on the platform's calendar against approved leave."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.attendance import dingtalk, rules
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import queries as duty
from xiaoneng.duty.rules import Half, HalfDay
from xiaoneng.errors import ImportRejected, RowError, ValidationFailed
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.readers import check_zip, decode_csv
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org

INSERT_BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int
    punches: int  # new ones stored
    already: int  # in the database before (an export imported twice adds nothing)
    staff: int
    first_day: dt.date | None
    last_day: dt.date | None


def read_rows(filename: str, data: bytes, max_unpacked_bytes: int = 512 * 1024 * 1024) -> list[list]:
    """Every row of the file's first sheet as cells, title rows included (the parser finds the header)."""
    if filename.lower().endswith(".xlsx"):
        # calamine (Rust) reads a year of punches ten times faster than openpyxl's read-only mode.
        from python_calamine import CalamineError, CalamineWorkbook

        check_zip(data, max_unpacked_bytes)
        try:
            return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        except (CalamineError, ValueError) as exc:
            raise ValidationFailed(f"无法读取 XLSX 文件：{exc}", field="file") from None
    if filename.lower().endswith(".csv"):
        return list(csv.reader(io.StringIO(decode_csv(data), newline="")))
    raise ValidationFailed("只能导入 .xlsx 或 .csv 文件", field="file")


def import_punches(session: Session, *, actor: Actor, filename: str, data: bytes,
                   mapping: dict[str, str] | None = None) -> ImportResult:
    """Import every punch of the file, or none: a row that cannot be read, or a person who cannot be matched
    (by 工号, then by name), refuses the whole file with the rows named."""
    actor.require("attendance.import")
    center_id = actor_center_id(actor)
    try:
        parsed = dingtalk.parse(read_rows(filename, data), mapping)
    except ValueError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    problems = [RowError(row=p.row, column="", reason=p.message) for p in parsed.problems]
    staff = org.staff_choices(session, center_id=center_id)
    by_no = {s.staff_no: s.id for s in staff}
    by_name: dict[str, list[int]] = defaultdict(list)
    for s in staff:
        by_name[s.full_name].append(s.id)
    keys: set[tuple[int, dt.date, dt.time]] = set()
    unmatched: dict[str, int] = {}
    for p in parsed.punches:
        staff_id = by_no.get(p.staff_no) if p.staff_no else None
        if staff_id is None and len(by_name.get(p.name, [])) == 1 and not (p.staff_no and p.staff_no not in by_no):
            staff_id = by_name[p.name][0]
        if staff_id is None:
            label = f"{p.name}（工号 {p.staff_no}）" if p.staff_no else p.name
            unmatched.setdefault(label, p.row)
            continue
        keys.add((staff_id, p.day, p.time))
    problems += [RowError(row=row, column="工号", reason=f"{label} 不在本中心的人员中")
                 for label, row in unmatched.items()]
    if problems:
        raise ImportRejected(sorted(problems, key=lambda e: e.row))
    first = min((k[1] for k in keys), default=None)
    last = max((k[1] for k in keys), default=None)
    existing: set[tuple[int, dt.date, dt.time]] = set()
    if keys:
        existing = {tuple(r) for r in session.execute(select(PunchRecord.staff_id, PunchRecord.day, PunchRecord.time)
                                                      .where(PunchRecord.center_id == center_id,
                                                             PunchRecord.day >= first, PunchRecord.day <= last))}
    new = sorted(keys - existing)
    table, connection = PunchRecord.__table__, session.connection()
    for i in range(0, len(new), INSERT_BATCH):
        # Core, not the ORM's bulk path: a year of punches is 300,000 rows with nothing to read back.
        connection.execute(table.insert(), [
            {"center_id": center_id, "staff_id": s, "day": d, "time": t, "source": parsed.kind}
            for s, d, t in new[i:i + INSERT_BATCH]])
    result = ImportResult(kind=parsed.kind, rows=len(parsed.punches), punches=len(new), already=len(keys & existing),
                          staff=len({k[0] for k in keys}), first_day=first, last_day=last)
    audit.record(session, actor=actor, action="import", entity="attendance", center_id=center_id,
                 detail={"file": filename[:200], "kind": parsed.kind, "punches": result.punches,
                         "already": result.already, "from": first.isoformat() if first else "",
                         "to": last.isoformat() if last else ""})
    return result


# --- the monthly summary -------------------------------------------------------------------------------------------

SUMMARY_COLUMNS = ("staff_no", "name", "department", "working_days", "present_days", "absent_days", "leave_days",
                   "late", "early_leave", "missing_punches", "key_time_absences")


@dataclass
class PersonMonth:
    staff_no: str
    name: str
    department: str
    working_days: int = 0
    present_days: int = 0
    absent_days: float = 0
    leave_days: float = 0
    late: int = 0
    early_leave: int = 0
    missing_punches: int = 0
    key_time_absences: int = 0

    def row(self) -> list:
        return [getattr(self, c) for c in SUMMARY_COLUMNS]


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ValidationFailed("月份格式应为 YYYY-MM", field="month") from None
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def monthly_summary(session: Session, *, actor: Actor, month: str, today: dt.date,
                    schedule: rules.Schedule = rules.Schedule()) -> list[PersonMonth]:
    """Each active staff member in the actor's scope over the month's working days up to yesterday."""
    actor.require("attendance.read")
    center_id = actor_center_id(actor)
    first, last = month_bounds(month)
    last = min(last, today - dt.timedelta(days=1))
    cal = calendar.get_calendar(session, center_id=center_id)
    days = cal.working_days_between(first, last) if last >= first else []
    staff = [s for s in org.staff_choices(session, center_id=center_id)
             if not actor.department_scoped or s.department_id == actor.department_id]
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(center_id))}
    punches: dict[tuple[int, dt.date], list[dt.time]] = defaultdict(list)
    if days:
        for staff_id, day, time in session.execute(select(PunchRecord.staff_id, PunchRecord.day, PunchRecord.time)
                                                   .where(PunchRecord.center_id == center_id,
                                                          PunchRecord.day >= first, PunchRecord.day <= last)):
            punches[(staff_id, day)].append(time)
    leave = duty.approved_half_slots(session, {s.id for s in staff}, first, last)
    result = []
    for person in sorted(staff, key=lambda s: (departments.get(s.department_id, ""), s.staff_no)):
        month_row = PersonMonth(staff_no=person.staff_no, name=person.full_name,
                                department=departments.get(person.department_id, ""), working_days=len(days))
        for day in days:
            halves = (HalfDay(day, Half.AM).slot in leave.get(person.id, ()),
                      HalfDay(day, Half.PM).slot in leave.get(person.id, ()))
            r = rules.check_day(day, punches.get((person.id, day), []), working=True, leave=halves,
                                schedule=schedule)
            month_row.leave_days += sum(halves) / 2
            if r.checked:
                month_row.present_days += r.present
                month_row.absent_days += r.absent_halves / 2
                month_row.late += r.late
                month_row.early_leave += r.early_leave
                month_row.missing_punches += r.missing_punches
                month_row.key_time_absences += r.key_time_absences
        result.append(month_row)
    return result

