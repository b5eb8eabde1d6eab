"""Import of the 12345 hotline platform's export: every work order, or none. A row that cannot be read, or whose
承办单位 is not a unit of the center, refuses the whole file with every bad row named (row, column, reason).
Orders imported before (by 工单编号) are skipped, so an export imported twice adds nothing. Each new order is
classified, given its reference number and deadlines, assigned to its unit when the export names one, and checked
for duplicates (against the open complaints and the file's earlier orders). Written with Core in batches: a year
of a district's work orders is 100,000 rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.complaints import common, duplicate_scan, duplicates, hotline, rules
from xiaoneng.kit import bulk
from xiaoneng.complaints.models import Complaint, ComplaintEvent
from xiaoneng.complaints.sorting import Sorter
from xiaoneng.errors import ImportRejected, RowError, ValidationFailed
from xiaoneng.kit import clock, collector
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.readers import Limits, check_zip, decode_csv, size_label
from xiaoneng.kit.scope import Actor
from xiaoneng.notifications import service as notifications

BATCH = 5000
UNIT_SIMILARITY = 85.0


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    already: int  # imported before (same 工单编号)
    assigned: int
    unassigned: int
    merged: int
    first_day: dt.date | None
    last_day: dt.date | None


def read_rows(filename: str, data: bytes, limits: Limits | None = None) -> list[list]:
    """Every row of the first sheet as cells (title rows included: the parser finds the header)."""
    name = (filename or "").lower()
    if not data:
        raise ValidationFailed("文件为空", field="file")
    if limits and len(data) > limits.max_upload_bytes:
        raise ValidationFailed(f"文件超过 {size_label(limits.max_upload_bytes)} 的上限，未导入任何数据。请分成多个文件导入",
                               field="file")
    if name.endswith(".xlsx"):
        from python_calamine import CalamineError, CalamineWorkbook  # ten times faster than openpyxl here

        check_zip(data, limits.max_unpacked_bytes if limits else 1024 * 1024 * 1024)
        try:
            rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        except (CalamineError, ValueError) as exc:
            raise ValidationFailed(f"无法读取 XLSX 文件：{exc}", field="file") from None
    elif name.endswith(".csv"):
        try:
            rows = list(csv.reader(io.StringIO(decode_csv(data), newline="")))
        except csv.Error as exc:
            raise ValidationFailed(f"CSV 文件格式不正确：{exc}", field="file") from None
    elif name.endswith(".xls"):
        raise ValidationFailed("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入", field="file")
    else:
        raise ValidationFailed("只能导入 .xlsx 或 .csv 文件", field="file")
    if limits and len(rows) - 1 > limits.max_rows:
        raise ValidationFailed(f"文件超过 {limits.max_rows} 行的上限，未导入任何数据。请分成多个文件导入", field="file")
    return rows


class _Units:
    """承办单位 as the export writes it → a department of the center: by code, by name, else by a close name."""

    def __init__(self, sorter: Sorter):
        self.by_text = {}
        for d in sorter.departments.values():
            self.by_text[d.code] = d.id
            self.by_text[d.name] = d.id
        self.names = {d.name: d.id for d in sorter.departments.values()}
        self.cache: dict[str, int | None] = {}

    def find(self, text: str) -> int | None:
        if text in self.by_text:
            return self.by_text[text]
        if text not in self.cache:
            hits = process.extract(text, list(self.names), scorer=fuzz.WRatio, score_cutoff=UNIT_SIMILARITY, limit=2)
            unique = len(hits) == 1 or (len(hits) == 2 and hits[0][1] > hits[1][1])
            self.cache[text] = self.names[hits[0][0]] if hits and unique else None
        return self.cache[text]


def import_orders(session: Session, *, actor: Actor, filename: str, data: bytes,
                  mapping: dict[str, str] | None = None, limits: Limits | None = None) -> ImportResult:
    actor.require("complaints.manage")
    with collector.paused():  # a hundred thousand rows of small objects: see kit/collector.py
        return _import(session, actor, filename, data, mapping, limits)


def _import(session: Session, actor: Actor, filename: str, data: bytes, mapping: dict[str, str] | None,
            limits: Limits | None) -> ImportResult:
    center_id = actor_center_id(actor)
    try:
        parsed = hotline.parse(read_rows(filename, data, limits), mapping, tz=clock.TZ)
    except ValueError as exc:
        raise ValidationFailed(str(exc), field="file") from None
    sorter = Sorter(session, center_id)
    units = _Units(sorter)
    problems = list(parsed.problems)
    unit_of: dict[int, int | None] = {}
    for order in parsed.orders:
        unit_of[order.row] = units.find(order.department) if order.department else None
        if order.department and unit_of[order.row] is None:
            problems.append(RowError(order.row, parsed.columns.get("department", "承办单位"),
                                     f"承办单位“{order.department}”不是本中心的单位（请核对名称或编码）"))
    if problems:
        raise ImportRejected(sorted(problems, key=lambda e: (e.row, e.column)))
    numbers = [o.source_number for o in parsed.orders]
    known: set[str] = set()
    for i in range(0, len(numbers), BATCH):
        known.update(session.scalars(select(Complaint.source_number).where(
            Complaint.center_id == center_id, Complaint.channel == rules.Channel.HOTLINE,
            Complaint.source_number.in_(numbers[i:i + BATCH]))))
    orders = sorted((o for o in parsed.orders if o.source_number not in known), key=lambda o: (o.received_at, o.row))
    result = _write(session, actor, center_id, orders, unit_of, sorter) if orders else None
    summary = ImportResult(rows=len(parsed.orders), created=len(orders), already=len(parsed.orders) - len(orders),
                           assigned=result[0] if result else 0, unassigned=result[1] if result else 0,
                           merged=result[2] if result else 0,
                           first_day=clock.local(orders[0].received_at).date() if orders else None,
                           last_day=clock.local(orders[-1].received_at).date() if orders else None)
    audit.record(session, actor=actor, action="complaint.import", entity="complaint", center_id=center_id,
                 detail={"file": filename[:200], "rows": summary.rows, "count": summary.created,
                         "already": summary.already, "merged": summary.merged})
    if orders:
        _tell(session, center_id, summary, orders[0].source_number, result[3])
    return summary


def _write(session: Session, actor: Actor, center_id: int, orders: list, unit_of: dict, sorter: Sorter):
    """Column by column: the texts classified together, the deadlines in one calendar lookup, the duplicates in
    one scan; then the rows, written in one statement."""
    now = clock.now()
    today = clock.local(now).date()
    settings = common.settings_for(session, center_id)
    cal = common.calendar_of(session, center_id)
    sign_by = rules.sign_by(today, cal, settings.sign_days)
    received_on = [clock.local(o.received_at).date() for o in orders]
    per_day = Counter(received_on)
    numbers = {day: iter(common.reserve_numbers(session, center_id, day, n)) for day, n in sorted(per_day.items())}
    sorts = sorter.sort_many([o.content for o in orders])
    units = [unit_of[o.row] for o in orders]
    dues, provisional, counted = _deadlines(cal, orders, received_on, settings.days_by_kind())
    period = dt.timedelta(days=settings.duplicate_days)
    probes = [duplicates.Probe(key=-(position + 1), received_at=o.received_at, phone=duplicates.phone_key(o.phone),
                               unit=unit or s.suggested_department_id, item=s.item_id, text=o.content, topic=s.topic)
              for position, (o, s, unit) in enumerate(zip(orders, sorts, units))]
    existing = _open_probes(session, center_id, orders[0].received_at - period, orders[-1].received_at)
    matches = duplicate_scan.find_many(existing, probes, period)
    rows, merged_new = [], {}
    counts = [0, 0, 0]
    per_unit: Counter = Counter()
    for position, (o, sorted_, unit, day, due, match) in enumerate(zip(orders, sorts, units, received_on, dues,
                                                                       matches)):
        status = rules.Status.MERGED if match else rules.Status.ASSIGNED if unit else rules.Status.NEW
        counts[2 if match else 0 if unit else 1] += 1
        if unit and not match:
            per_unit[unit] += 1
        row = {"center_id": center_id, "number": next(numbers[day]), "channel": rules.Channel.HOTLINE,
               "source_number": o.source_number, "kind": o.kind, "status": status, "complainant_name": o.name,
               "complainant_phone": o.phone, "complainant_contact": "", "title": o.title, "content": o.content,
               "received_at": o.received_at, "received_on": day, "registered_by_id": actor.user_id,
               "topic": sorted_.topic, "suggested_department_id": unit or sorted_.suggested_department_id,
               "suggestion_score": 1.0 if unit else sorted_.score, "evidence": sorted_.evidence,
               "department_id": unit, "item_id": sorted_.item_id, "staff_id": sorted_.staff_id,
               "window_id": sorted_.window_id, "round": 0, "sign_by": sign_by if unit else None, "due_on": due,
               "due_provisional": provisional[position], "deadline_state": "",
               # What a calendar change counts the deadline again from; none for a day the export gives.
               "due_from": day if counted[position] else None, "due_days": counted[position],
               "assigned_at": now if unit else None, "merged_into_id": match.key if match and match.key > 0 else None,
               "duplicate_reason": match.reason if match else "", "keep_apart": False, "answer": "",
               "callback_result": "", "decision": "", "created_at": now, "updated_at": now}
        if match and match.key < 0:
            merged_new[position] = -match.key - 1
        rows.append(row)
    table = Complaint.__table__
    before = bulk.last_id(session, table)
    bulk.insert(session, table, rows)
    ids = _ids(session, center_id, before)
    bulk.set_column(session, table, "merged_into_id",
                    [(ids[rows[p]["number"]], ids[rows[q]["number"]]) for p, q in merged_new.items()])
    _events(session, actor, rows, ids, merged_new, sorter, now)
    return (*counts, per_unit)


def _deadlines(cal, orders: list, received_on: list[dt.date], days_by_kind: dict) -> tuple[list, list[bool], list]:
    """Each order's answer deadline, its 待核定 flag and the working days it was counted with: none for praise, the
    day the export gives, else its working days (the export's or the center's for the type) from the day of
    receipt, all in one calendar lookup."""
    dues: list[dt.date | None] = [None] * len(orders)
    provisional = [False] * len(orders)
    days: list[int | None] = [None] * len(orders)
    counted, starts, ns = [], [], []
    given: dict[dt.date, bool] = {}
    for position, (o, day) in enumerate(zip(orders, received_on)):
        if o.kind == rules.Kind.PRAISE:
            continue
        if o.due_date is not None:
            dues[position] = o.due_date
            if o.due_date not in given:
                given[o.due_date] = cal.is_provisional(o.due_date)
            provisional[position] = given[o.due_date]
            continue
        counted.append(position)
        starts.append(day)
        ns.append(o.due_days or rules.handling_days(o.kind, days_by_kind))
    if counted:
        bad = cal.out_of_range(starts, ns)
        if bad.any():  # the calendar's own refusal (a year not yet published) for the first such order
            first = int(bad.argmax())
            cal.add_working_days(starts[first], ns[first])
        found, flags = cal.add_working_days_many(starts, ns)
        for position, n, day, flag in zip(counted, ns, found.tolist(), flags.tolist()):
            dues[position], provisional[position], days[position] = day, flag, n
    return dues, provisional, days


def _open_probes(session: Session, center_id: int, since: dt.datetime, until: dt.datetime) -> list[duplicates.Probe]:
    """The open complaints an order of the period may duplicate."""
    return [duplicates.Probe(key=r.id, received_at=r.received_at, phone=duplicates.phone_key(r.complainant_phone),
                             unit=r.department_id or r.suggested_department_id, item=r.item_id, text=r.content,
                             topic=r.topic)
            for r in session.execute(select(
                Complaint.id, Complaint.received_at, Complaint.complainant_phone, Complaint.department_id,
                Complaint.suggested_department_id, Complaint.item_id, Complaint.content, Complaint.topic).where(
                Complaint.center_id == center_id, Complaint.keep_apart.is_(False),
                Complaint.status.in_([rules.Status.NEW, rules.Status.ASSIGNED, rules.Status.SIGNED]),
                Complaint.received_at >= since, Complaint.received_at <= until))]


def _ids(session: Session, center_id: int, before: int) -> dict[str, int]:
    """Reference number → id of the rows just written: those above the highest id before the write."""
    return dict(session.execute(select(Complaint.number, Complaint.id).where(
        Complaint.center_id == center_id, Complaint.id > before)).all())


def _events(session: Session, actor: Actor, rows: list[dict], ids: dict[str, int], merged_new: dict[int, int],
            sorter: Sorter, now: dt.datetime) -> None:
    """The trail's first steps of each order: imported, then assigned to its unit or merged into its duplicate."""
    name = common.actor_label(actor)
    events = []
    for position, r in enumerate(rows):
        cid = ids[r["number"]]
        base = {"complaint_id": cid, "center_id": r["center_id"], "actor_id": actor.user_id, "actor_name": name}
        if r["status"] == rules.Status.MERGED:
            events.append({**base, "at": r["received_at"], "kind": "import", "text": r["content"],
                           "detail": {"source_number": r["source_number"]}})
            into = r["merged_into_id"] or ids[rows[merged_new[position]]["number"]]
            events.append({**base, "at": now, "kind": "merged", "text": f"{r['duplicate_reason']}，并入已有投诉",
                           "detail": {"into_id": into}})
            events.append({**base, "complaint_id": into, "at": now, "kind": "merge",
                           "text": f"{r['number']}（{r['duplicate_reason']}）并入本件", "detail": {"duplicate": r["number"]}})
        elif r["department_id"]:
            # The work order comes dispatched: its import is its assignment to the unit the export names.
            unit = sorter.departments[r["department_id"]].name
            events.append({**base, "at": r["received_at"], "kind": "import", "detail": {"department": unit},
                           "text": f"{r['content']}（按12345工单承办单位分派至{unit}，{r['sign_by'].isoformat()} 前签收"
                                   + (f"，{r['due_on'].isoformat()} 前答复）" if r["due_on"] else "）")})
        else:
            events.append({**base, "at": r["received_at"], "kind": "import", "text": r["content"],
                           "detail": {"source_number": r["source_number"]}})
    bulk.insert(session, ComplaintEvent.__table__, events)


def _tell(session: Session, center_id: int, result: ImportResult, first_number: str, per_unit: Counter) -> None:
    key = f"complaint-import:{first_number}:{result.created}"
    notifications.notify_role(session, center_id=center_id, role=Role.SUPERVISOR, kind="complaint_import",
                              title=f"导入12345工单 {result.created} 件：已分派 {result.assigned} 件，待分派 "
                                    f"{result.unassigned} 件，重复并入 {result.merged} 件",
                              link="/complaints?channel=hotline", key=key)
    for department_id, count in per_unit.items():
        notifications.notify_role(session, center_id=center_id, role=Role.DEPT_HEAD, department_id=department_id,
                                  kind="complaint_unit", title=f"12345工单 {count} 件已分派贵单位，请按时签收、办理",
                                  link="/complaints?status=assigned", key=f"{key}:{department_id}")
