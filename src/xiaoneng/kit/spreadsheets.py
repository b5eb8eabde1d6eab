"""Spreadsheets the platform writes: the XLSX lists people download, and text that must never run as a formula.

A workbook is written with openpyxl's write-only mode: each row goes to a temporary file on disk as it comes, so
a year of a large center is written in bounded memory. Cells are typed (numbers as numbers, dates as dates, times
in the center's time zone); text that begins like a formula is neutralised (OWASP CSV injection guidance). No
clock, database or web imports: the exchange's pure rules use `neutral_text` too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

# A spreadsheet treats a cell that begins with one of these as a formula (tab and CR: some split on them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMATS = {"int": "0", "number": "0.00", "percent": "0.0%", "date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def neutral_text(value: str) -> str:
    """The text as is, or with a leading apostrophe when it begins like a formula, so it is shown, never run."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def yes_no(value) -> str:
    return "是" if value else "否"


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    """"2026-11-01 至 2026-11-30", "2026-11-01 起", "至 2026-11-30" or "全部日期", for title rows."""
    if start and end:
        return f"{start} 至 {end}"
    if start:
        return f"{start} 起"
    if end:
        return f"至 {end}"
    return "全部日期"


@dataclass(frozen=True)
class Column:
    """One column: its Chinese header, the kind of its values (text, int, number, percent, date, datetime), its
    width in characters (from the header when not given) and, for numbers, the format shown."""

    header: str
    kind: str = "text"
    width: float | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class Sheet:
    """A list to write: the sheet's tab name, a title row saying what and which period/filters, the columns and
    the rows (any iterable, read once)."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _width(column: Column) -> float:
    defaults = {"datetime": 17, "date": 12}
    return column.width or max(_display_width(column.header) + 3, defaults.get(column.kind, 8))


def sheet_name(name: str) -> str:
    """A valid tab name: no []:*?/\\, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "Sheet1"


def _value(value, kind: str, tz: dt.tzinfo):
    """(value, number format) of one cell: typed for its column when it is of that type, else text."""
    if value is None or value == "":
        return None, None
    if kind in ("int", "number", "percent") and isinstance(value, int | float) and not isinstance(value, bool):
        return value, FORMATS[kind]
    if kind == "datetime" and isinstance(value, dt.datetime):
        local = value.astimezone(tz) if value.tzinfo else value  # Excel has no time zones: the center's local time
        return local.replace(tzinfo=None, microsecond=0), FORMATS["datetime"]
    if kind == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, FORMATS["date"]
    if isinstance(value, bool):
        return yes_no(value), None
    return neutral_text(str(value)), None


def write_xlsx(sheet: Sheet, target: BinaryIO, *, tz: dt.tzinfo) -> int:
    """Write the sheet as an XLSX workbook to `target`: the title row, a bold header frozen with it, the rows;
    times shown in `tz`. Returns the number of rows written (title and header not counted)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet_name(sheet.name))
    ws.freeze_panes = "A3"
    for n, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(n)].width = _width(column)
    title = WriteOnlyCell(ws, value=neutral_text(sheet.title))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=neutral_text(column.header))
        cell.font, cell.fill, cell.alignment = bold, fill, Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    ws.auto_filter.ref = f"A2:{get_column_letter(max(len(sheet.columns), 1))}2"
    kinds = [c.kind for c in sheet.columns]
    formats = [c.number_format for c in sheet.columns]
    count = 0
    for row in sheet.rows:
        cells = []
        for value, kind, custom in zip(row, kinds, formats):
            value, number_format = _value(value, kind, tz)
            if number_format is None:
                cells.append(value)  # a plain value: no style record per cell
            else:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = custom or number_format
                cells.append(cell)
        ws.append(cells)
        count += 1
    workbook.save(target)
    return count
