"""Use cases of attendance (E5): import an export of the attendance system (all or nothing, each import recorded),
the past imports; the monthly summary (summary.py) and the spot checks (spot_checks.py) are passed on from here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.attendance import dingtalk
from xiaoneng.attendance import repository as repo
from xiaoneng.attendance.models import AttendanceImport, PunchRecord
from xiaoneng.attendance.summary import SUMMARY_COLUMNS, PersonMonth, month_bounds, monthly_summary  # noqa: F401
from xiaoneng.audit import service as audit
from xiaoneng.errors import ImportRejected, RowError, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.readers import check_zip, decode_csv, size_label
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org

INSERT_BATCH = 5000


@dataclass(frozen=True)
class ImportResult:
    kind: str
    rows: int
    punches: int  # new ones stored
    already: int  # in the database before (an export imported twice adds nothing)
    staff: int
    days: int  # distinct days with punches
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
                   mapping: dict[str, str] | None = None, max_bytes: int | None = None) -> ImportResult:
    """Import every punch of the file, or none: a row that cannot be read, or a person who cannot be matched
    (by 工号, then by name), refuses the whole file with the rows named. `max_bytes`: the upload limit of the page."""
    actor.require("attendance.import")
    center_id = actor_center_id(actor)
    if not data:
        raise ValidationFailed("文件为空", field="file")
    if max_bytes is not None and len(data) > max_bytes:
        raise ValidationFailed(f"文件超过 {size_label(max_bytes)} 的上限（约 {size_label(len(data))}），未导入任何数据。"
                               "请分月导出后分别导入", field="file")
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
                          staff=len({k[0] for k in keys}), days=len({k[1] for k in keys}), first_day=first,
                          last_day=last)
    record = AttendanceImport(center_id=center_id, imported_by_id=actor.user_id,
                              imported_by_name=(actor.full_name or actor.username)[:64], imported_at=clock.now(),
                              file_name=filename[:200], kind=parsed.kind, rows=result.rows, punches=result.punches,
                              already=result.already, staff=result.staff, first_day=first, last_day=last)
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="attendance.import", entity="attendance_import", entity_id=record.id,
                 center_id=center_id,
                 detail={"file": filename[:200], "kind": parsed.kind, "rows": result.rows, "punches": result.punches,
                         "already": result.already, "start": first.isoformat() if first else "",
                         "end": last.isoformat() if last else ""})
    return result


KIND_LABELS = {"raw": "钉钉原始记录", "daily": "钉钉每日统计", "mapped": "按列对应导入"}


def recent_imports(session: Session, *, actor: Actor, limit: int = 20) -> list[AttendanceImport]:
    """The center's latest imports: who, when, which file, what it held."""
    actor.require("attendance.import")
    return repo.imports(session, center_id=actor_center_id(actor), limit=limit)
