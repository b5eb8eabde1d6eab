"""Reading the 12345 hotline platform's export of work orders (XLSX/CSV) with a column mapping. Pure: cells in,
work orders and the rows that could not be read (row, column, reason in Chinese) out.

The header is found among the first rows (exports put a title above it); each field is read from the column the
mapping names, else from the first column whose header is the field's name or one of its usual aliases.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from xiaoneng.complaints.rules import KIND_BY_LABEL, KIND_LABELS
from xiaoneng.errors import RowError
from xiaoneng.kit.identifiers import phone_problem
from xiaoneng.kit.readers import normalize_header

HEADER_SEARCH_ROWS = 10
CONTENT_MAX = 4000


@dataclass(frozen=True)
class Field:
    name: str  # the field's own column name in the standard export
    aliases: tuple[str, ...]
    required: bool


FIELDS: dict[str, Field] = {
    "source_number": Field("工单编号", ("工单号", "受理编号", "编号"), True),
    "received_at": Field("来电时间", ("受理时间", "来电/受理时间", "登记时间", "创建时间", "来电日期"), True),
    "name": Field("诉求人", ("来电人", "联系人", "姓名", "市民姓名", "诉求人姓名"), False),
    "phone": Field("联系电话", ("来电号码", "电话", "手机号码", "联系方式"), False),
    "kind": Field("诉求类型", ("工单类型", "类型", "诉求类别"), True),
    "content": Field("诉求内容", ("工单内容", "问题描述", "来电内容", "内容"), True),
    "department": Field("承办单位", ("办理单位", "承办部门", "责任单位"), False),
    "due": Field("办理时限", ("办结时限", "截止时间", "办理期限", "时限"), False),
    "title": Field("工单标题", ("标题", "诉求标题"), False),
}
_DATETIME = re.compile(r"^\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2}))?)?")
_WORKING_DAYS = re.compile(r"^\s*(\d{1,3})\s*(?:个)?(?:工作日|天|日)?\s*$")
_MASKED = re.compile(r"^[\d*\-]{7,20}$")


class WorkOrder(NamedTuple):  # a tuple: an import holds a hundred thousand
    row: int
    source_number: str
    received_at: dt.datetime
    name: str
    phone: str
    kind: str
    content: str
    department: str
    due_date: dt.date | None  # a deadline given as a day
    due_days: int | None  # or as a number of working days
    title: str


@dataclass
class Parsed:
    orders: list[WorkOrder]
    problems: list[RowError]
    columns: dict[str, str]  # field → the header it was read from


def text(value) -> str:
    if type(value) is str:  # nearly every cell: said first
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def parse_datetime(value, tz: ZoneInfo) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tz)
    value = text(value)
    if len(value) == 19 and value[4] == value[7] == "-" and value[10] == " " and value[13] == value[16] == ":":
        try:  # the platform's own 2025-10-09 09:15:00, read in C; anything else the pattern reads
            return dt.datetime.fromisoformat(value).replace(tzinfo=tz)
        except ValueError:
            pass
    match = _DATETIME.match(value)
    if not match:
        return None
    y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
    try:
        return dt.datetime(y, mo, d, h, mi, s, tzinfo=tz)
    except ValueError:
        return None


def parse_kind(value) -> str | None:
    label = text(value).removesuffix("类")
    kind = KIND_BY_LABEL.get(label)
    return str(kind) if kind else None


def find_header(rows: Sequence[Sequence], mapping: dict[str, str]) -> int | None:
    """The index of the header row: the first that holds every required field's column."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = {normalize_header(c) for c in cells}
        if all(_column(headers, key, mapping) for key, f in FIELDS.items() if f.required):
            return index
    return None


def _column(headers: set[str], key: str, mapping: dict[str, str]) -> str | None:
    wanted = normalize_header(mapping.get(key, ""))
    if wanted:
        return wanted if wanted in headers else None
    field = FIELDS[key]
    return next((h for h in (normalize_header(n) for n in (field.name, *field.aliases)) if h in headers), None)


def describe_missing(rows: Sequence[Sequence], mapping: dict[str, str]) -> str:
    """Why no header was found: the required columns missing from the first row, in Chinese."""
    headers = {normalize_header(c) for c in (rows[0] if rows else [])}
    missing = [mapping.get(k) or f.name for k, f in FIELDS.items() if f.required and not _column(headers, k, mapping)]
    return (f"文件表头缺少必需的列：{'、'.join(missing)}（12345工单导出应含 工单编号、来电时间、诉求类型、诉求内容；"
            "列名不同时请在“列对应”中填写文件里的列名），未导入任何数据")


def parse(rows: Sequence[Sequence], mapping: dict[str, str] | None = None, *,
          tz: ZoneInfo = ZoneInfo("Asia/Shanghai")) -> Parsed:
    """Every work order of the export, or the reasons its rows cannot be read. Raises ValueError (in Chinese)
    when the file has no recognisable header."""
    mapping = {k: v for k, v in (mapping or {}).items() if k in FIELDS and str(v).strip()}
    at = find_header(rows, mapping)
    if at is None:
        raise ValueError(describe_missing(rows, mapping))
    headers = [normalize_header(c) for c in rows[at]]
    present = set(headers)
    columns = {key: c for key in FIELDS if (c := _column(present, key, mapping))}
    index = {key: headers.index(c) for key, c in columns.items()}
    orders, problems, seen = [], [], {}
    for offset, cells in enumerate(rows[at + 1:], start=at + 2):
        if all(text(c) == "" for c in cells):
            continue
        values = {key: cells[i] if i < len(cells) else None for key, i in index.items()}
        order, row_problems = _order(offset, values, columns, tz)
        number = text(values.get("source_number"))
        if number in seen:
            row_problems.append(RowError(offset, columns["source_number"], f"工单编号 {number} 与第{seen[number]}行重复"))
        elif number:
            seen[number] = offset
        if row_problems:
            problems += row_problems
            continue
        orders.append(order)
    return Parsed(orders=orders, problems=problems, columns=columns)


def _order(row: int, values: dict, columns: dict[str, str], tz: ZoneInfo) -> tuple[WorkOrder | None, list[RowError]]:
    problems: list[RowError] = []

    def bad(key: str, reason: str) -> None:
        problems.append(RowError(row, columns.get(key, FIELDS[key].name), reason))

    number = text(values.get("source_number"))
    if not number:
        bad("source_number", "工单编号不能为空")
    elif len(number) > 64:
        bad("source_number", "工单编号不能超过 64 个字符")
    received = parse_datetime(values.get("received_at"), tz)
    if received is None:
        bad("received_at", f"时间“{text(values.get('received_at'))}”无法识别，应为 2025-10-09 09:15 这样的日期时间")
    kind = parse_kind(values.get("kind"))
    if kind is None:
        bad("kind", f"诉求类型“{text(values.get('kind'))}”不正确，应为 {'、'.join(KIND_LABELS.values())} 之一")
    content = text(values.get("content"))
    if not content:
        bad("content", "诉求内容不能为空")
    elif len(content) > CONTENT_MAX:
        bad("content", f"诉求内容不能超过 {CONTENT_MAX} 个字符")
    name = text(values.get("name"))
    if len(name) > 64:
        bad("name", "诉求人不能超过 64 个字符")
    phone = text(values.get("phone")).replace(" ", "")
    if phone and "*" in phone:  # the platform masks some numbers: kept as given, never matched to a person
        if not _MASKED.match(phone):
            bad("phone", f"联系电话“{phone}”格式不正确")
    elif phone and (problem := phone_problem(phone)):
        bad("phone", problem)
    due_date, due_days = _due(values.get("due"), tz)
    if due_date is None and due_days is None and text(values.get("due")):
        bad("due", f"办理时限“{text(values.get('due'))}”无法识别，应为截止日期（如 2025-10-20）或工作日数（如 13）")
    elif due_days is not None and not 0 < due_days <= 60:
        bad("due", "办理时限的工作日数应在 1 至 60 之间")
    elif due_date is not None and received is not None and due_date < received.date():
        bad("due", f"办理时限 {due_date.isoformat()} 早于来电时间")
    if problems:
        return None, problems
    return WorkOrder(row, number, received, name, phone, kind, content, text(values.get("department")), due_date,
                     due_days, text(values.get("title"))[:200]), []


def _due(value, tz: ZoneInfo) -> tuple[dt.date | None, int | None]:
    if value is None or text(value) == "":
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None, int(value) if float(value).is_integer() else None
    days = _WORKING_DAYS.match(text(value))
    if days:
        return None, int(days.group(1))
    when = parse_datetime(value, tz)
    return (when.date(), None) if when else (None, None)
