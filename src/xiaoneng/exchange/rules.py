"""The exchange format of ratings and cases for the provincial/national 好差评 platform (SPEC K7).

The field names and code tables are this installation's exchange dictionary. The values follow the national
好差评 data exchange in meaning (level 1 非常不满意 … 5 非常满意; applicant 1 自然人, 2 法人; one channel code per
way of rating); a province whose interface numbers channels differently edits CHANNEL_CODES, nothing else.
Output is produced in chunks so that a period of any size is never held in memory at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

from xiaoneng.kit.spreadsheets import neutral_text

# Our rating channel → (exchange code, name shown to the receiving platform).
CHANNEL_CODES: dict[str, tuple[str, str]] = {
    "system_step": ("1", "网上办事系统（一环节一评）"),
    "online": ("2", "网上评价（一事一评）"),
    "window_device": ("3", "现场评价器"),
    "qr_code": ("4", "现场二维码"),
    "social": ("5", "社会综合点评"),
    "default": ("9", "系统默认好评"),
}
APPLICANT_TYPE_CODES = {"person": "1", "organisation": "2"}
ORIGIN_CODES = {"window": "1", "online": "2", "external": "3"}

RATING_FIELDS: list[tuple[str, str]] = [
    ("rating_id", "评价编号"),
    ("case_number", "办件编号"),
    ("external_ref", "外部办件编号"),
    ("step_name", "评价环节"),
    ("item_code", "事项编码"),
    ("item_version", "事项版本"),
    ("item_name", "事项名称"),
    ("department_code", "部门编码"),
    ("department_name", "部门名称"),
    ("region_code", "行政区划代码"),
    ("applicant_type", "申请人类型"),
    ("channel_code", "评价渠道代码"),
    ("channel_name", "评价渠道"),
    ("social_source", "点评来源"),
    ("window_code", "窗口编码"),
    ("staff_no", "被评价人员工号"),
    ("received_at", "收件时间"),
    ("completed_at", "办结时间"),
    ("rated_at", "评价时间"),
    ("level", "评价等级"),
    ("level_name", "评价等级名称"),
    ("indicators", "评价指标"),
    ("comment", "评价内容"),
    ("is_default", "默认评价"),
    ("rectification_status", "整改状态代码"),
    ("rectification_status_name", "整改状态"),
]

CASE_FIELDS: list[tuple[str, str]] = [
    ("case_number", "办件编号"),
    ("external_ref", "外部办件编号"),
    ("item_code", "事项编码"),
    ("item_version", "事项版本"),
    ("item_name", "事项名称"),
    ("department_code", "部门编码"),
    ("department_name", "部门名称"),
    ("region_code", "行政区划代码"),
    ("applicant_type", "申请人类型"),
    ("origin", "办件来源"),
    ("window_code", "窗口编码"),
    ("staff_no", "经办人员工号"),
    ("received_at", "收件时间"),
    ("accepted_at", "受理时间"),
    ("completed_at", "办结时间"),
    ("limit_days", "承诺时限（工作日）"),
    ("due_on", "办结期限"),
    ("status", "办件状态"),
    ("overdue", "是否超期"),
]

FIELDS = {"ratings": RATING_FIELDS, "cases": CASE_FIELDS}
CSV_BOM = "\ufeff"
ROWS_PER_CHUNK = 500


def channel(code: str) -> tuple[str, str]:
    return CHANNEL_CODES.get(code, ("0", "其他"))


def applicant_type(value: str | None) -> str:
    return APPLICANT_TYPE_CODES.get(value or "", "")


def timestamp(value: dt.datetime | None, tz: dt.tzinfo) -> str:
    """ISO 8601 in the center's time zone, to the second: 2026-03-10T11:00:00+08:00."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(tz).replace(microsecond=0).isoformat()


def _csv_cell(value) -> str:
    """A CSV field: numbers as they are, text that begins like a formula (=, +, -, @, tab, CR) neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return neutral_text(str(value))


def csv_chunks(records: Iterable[dict], fields: list[tuple[str, str]]) -> Iterator[str]:
    """UTF-8 CSV text for Excel: a byte-order mark, the Chinese header, then the rows, a few hundred at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(CSV_BOM)
    writer.writerow([label for _, label in fields])
    for n, record in enumerate(records, start=1):
        writer.writerow([_csv_cell(record.get(key)) for key, _ in fields])
        if n % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(records: Iterable[dict], meta: dict) -> Iterator[str]:
    """One JSON document {..meta, "records": [...]} written record by record."""
    head = json.dumps(meta, ensure_ascii=False)
    yield head[:-1] + (', "records": [' if meta else '"records": [')
    batch: list[str] = []
    first = True
    for record in records:
        batch.append(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False))
        first = False
        if len(batch) >= ROWS_PER_CHUNK:
            yield "".join(batch)
            batch = []
    batch.append("\n]}\n")
    yield "".join(batch)


def export_filename(kind: str, center_code: str, start: dt.date, end: dt.date, fmt: str) -> str:
    return f"{kind}_{center_code}_{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
