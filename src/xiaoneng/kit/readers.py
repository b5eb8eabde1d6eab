"""Reading an uploaded XLSX or CSV file into rows keyed by header, each with the row number a spreadsheet shows."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from xiaoneng.errors import ValidationFailed

HEADER_ROW = 1
# Past this ratio of unpacked to packed size a zip entry is a bomb, not a spreadsheet: openpyxl's own sheets pack
# about 13-23 to 1, and a bomb's entries thousands to 1. Small entries (styles, themes) are not counted.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one uploaded file may hold; a file past any of them is refused before it is read any further."""

    max_upload_bytes: int
    max_rows: int  # lines below the header, blank ones included
    max_unpacked_bytes: int  # what an XLSX (a zip) unpacks to


def size_label(n: int) -> str:
    """A byte count as people read it: 10 MB, 1.5 MB, 512 KB."""
    if n >= 1024 * 1024:
        value, unit = n / (1024 * 1024), "MB"
    elif n >= 1024:
        value, unit = n / 1024, "KB"
    else:
        return f"{n} 字节"
    return f"{value:.1f}".rstrip("0").rstrip(".") + f" {unit}"


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


def _table(lines, max_rows: int | None = None) -> Table:
    """Build a table from an iterator of cell lists whose first item is the header row; past `max_rows` lines below
    the header the file is refused (the lines are counted as they are read, so a huge file is not read to its end)."""
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
        if max_rows is not None and number - HEADER_ROW > max_rows:
            raise ValidationFailed(f"文件超过 {max_rows} 行的上限（表头以下，含空行），未导入任何数据。请分成多个文件导入",
                                   field="file")
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


def read_csv(data: bytes, max_rows: int | None = None) -> Table:
    text = decode_csv(data)
    try:
        return _table(iter(csv.reader(io.StringIO(text, newline=""))), max_rows)
    except csv.Error as exc:
        raise ValidationFailed(f"CSV 文件格式不正确：{exc}", field="file") from None


def check_zip(data: bytes, max_unpacked_bytes: int) -> None:
    """Refuse a zip bomb before anything unpacks it: the entries' declared sizes against the limit, and each large
    entry's compression ratio. zipfile never unpacks an entry past its declared size, so the sizes cannot lie."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ValidationFailed("无法读取 XLSX 文件，请确认文件是 Excel 2007 及以上格式且未损坏", field="file") from None
    unpacked = sum(e.file_size for e in entries)
    if unpacked > max_unpacked_bytes:
        raise ValidationFailed(f"XLSX 文件解压后超过 {size_label(max_unpacked_bytes)} 的上限"
                               f"（约 {size_label(unpacked)}），未导入任何数据。请删除多余的内容或分成多个文件导入",
                               field="file")
    for entry in entries:
        if entry.file_size >= RATIO_CHECKED_FROM_BYTES and entry.file_size > MAX_COMPRESSION_RATIO * max(1, entry.compress_size):
            raise ValidationFailed(f"XLSX 文件的压缩比异常（超过 {MAX_COMPRESSION_RATIO} 倍），不像正常的表格文件，未导入任何数据",
                                   field="file")


def read_xlsx(data: bytes, max_rows: int | None = None, max_unpacked_bytes: int | None = None) -> Table:
    """The first worksheet, header in row 1; formulas are read as their last computed values. Read as a stream
    (read-only mode), after the zip's sizes are checked."""
    from openpyxl import load_workbook

    if max_unpacked_bytes is not None:
        check_zip(data, max_unpacked_bytes)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise ValidationFailed("无法读取 XLSX 文件，请确认文件是 Excel 2007 及以上格式且未损坏", field="file") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read every row the sheet has, whatever its stated size says
        return _table(iter(sheet.iter_rows(min_row=1, values_only=True)), max_rows)
    finally:
        workbook.close()


def read_table(filename: str, data: bytes, limits: Limits | None = None) -> Table:
    """Read an uploaded file by its extension (.xlsx or .csv), within `limits` when given."""
    name = (filename or "").lower()
    if not data:
        raise ValidationFailed("文件为空", field="file")
    if limits is not None and len(data) > limits.max_upload_bytes:
        raise ValidationFailed(f"文件超过 {size_label(limits.max_upload_bytes)} 的上限（约 {size_label(len(data))}），"
                               "未导入任何数据。请分成多个文件导入", field="file")
    max_rows = limits.max_rows if limits else None
    if name.endswith(".xlsx") or name.endswith(".xlsm"):
        return read_xlsx(data, max_rows, limits.max_unpacked_bytes if limits else None)
    if name.endswith(".csv") or name.endswith(".txt"):
        return read_csv(data, max_rows)
    if name.endswith(".xls"):
        raise ValidationFailed("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再导入", field="file")
    raise ValidationFailed("仅支持 .xlsx 和 .csv 文件", field="file")
