"""Reading an uploaded XLSX or CSV file into rows keyed by header, each with the row number a spreadsheet shows."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from xiaoneng.errors import ValidationFailed

HEADER_ROW = 1


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1, the first data row is row 2
    values: dict[str, object]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    duplicate_headers: list[str] = field(default_factory=list)


def normalize_header(text: object) -> str:
    """Headers typed by hand differ in full-width brackets, spaces and required-marks; compare them without those."""
    value = "" if text is None else str(text)
    value = value.replace("（", "(").replace("）", ")").replace("\u3000", " ")
    return "".join(value.split()).rstrip("*＊")


def _cell(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    return value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(lines) -> Table:
    """Build a table from an iterator of cell lists whose first item is the header row."""
    try:
        header_cells = next(lines)
    except StopIteration:
        return Table(headers=[])
    columns: list[tuple[int, str]] = []
    seen, duplicates = set(), []
    for index, raw in enumerate(header_cells):
        name = normalize_header(raw)
        if not name:
            continue
        if name in seen:
            duplicates.append(name)
            continue
        seen.add(name)
        columns.append((index, name))
    rows = []
    for number, cells in enumerate(lines, start=HEADER_ROW + 1):
        cells = list(cells)
        if all(_blank(c) for c in cells):
            continue
        values = {name: _cell(cells[index]) if index < len(cells) else None for index, name in columns}
        rows.append(Row(number=number, values=values))
    return Table(headers=[name for _, name in columns], rows=rows, duplicate_headers=duplicates)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes) or GB18030 (what Excel in China saves as "CSV")."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationFailed("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GB18030（GBK）编码", field="file") from None


def read_csv(data: bytes) -> Table:
    text = decode_csv(data)
    try:
        return _table(iter(csv.reader(io.StringIO(text, newline=""))))
    except csv.Error as exc:
        raise ValidationFailed(f"CSV 文件格式不正确：{exc}", field="file") from None


def read_xlsx(data: bytes) -> Table:
    """The first worksheet, header in row 1; formulas are read as their last computed values."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:
        raise ValidationFailed("无法读取 XLSX 文件，请确认文件是 Excel 2007 及以上格式且未损坏", field="file") from None
    try:
        sheet = workbook.worksheets[0]
        return _table(iter(sheet.iter_rows(min_row=1, values_only=True)))
    finally:
        workbook.close()


def read_table(filename: str, data: bytes) -> Table:
    """Read an uploaded file by its extension (.xlsx or .csv)."""
    name = (filename or "").lower()
    if not data:
        raise ValidationFailed("文件为空", field="file")
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return read_csv(data)
    if name.endswith(".xls"):
        raise ValidationFailed("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入", field="file")
    raise ValidationFailed("仅支持 .xlsx 和 .csv 文件", field="file")
