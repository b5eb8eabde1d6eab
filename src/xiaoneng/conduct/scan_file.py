"""Scanning a whole file of texts (CSV or XLSX) for the phrases: one output row per hit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xiaoneng.conduct.matcher import Matcher
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.readers import HEADER_ROW, decode_csv, normalize_header, read_xlsx

OUTPUT_COLUMNS = ("row", "phrase_id", "matched", "start", "end")


@dataclass
class ScanCount:
    texts: int = 0
    hits: int = 0


def _rows(path: Path, column: str) -> Iterator[tuple[int, str]]:
    data = path.read_bytes()
    wanted = normalize_header(column)
    if path.suffix.lower() == ".xlsx":
        table = read_xlsx(data)
        if wanted not in table.headers:
            raise ValidationFailed(f"文件中没有“{column}”列（有：{'、'.join(table.headers)}）", field="text_column")
        for row in table.rows:
            value = row.values.get(wanted)
            yield row.number, "" if value is None else str(value)
        return
    reader = csv.reader(io.StringIO(decode_csv(data), newline=""))
    try:
        headers = [normalize_header(h) for h in next(reader, [])]
        if wanted not in headers:
            raise ValidationFailed(f"文件中没有“{column}”列（有：{'、'.join(h for h in headers if h)}）",
                                   field="text_column")
        index = headers.index(wanted)
        # A record's number counts records, not lines: a quoted text may hold line breaks.
        for number, cells in enumerate(reader, start=HEADER_ROW + 1):
            if index < len(cells):
                yield number, cells[index]
    except csv.Error as exc:
        raise ValidationFailed(f"CSV 文件格式不正确：{exc}", field="input") from None


def write_hits(source: Path, column: str, matcher: Matcher, target: Path, kinds=("forbidden",)) -> ScanCount:
    """Write the hits of `source` to `target` (CSV, UTF-8 with the BOM Excel reads), counting texts and hits.

    `row` is the row as a spreadsheet shows it (the header is row 1, the first text row 2); `start` and `end` are
    character offsets in that row's text, end exclusive."""
    count = ScanCount()
    suffix = Path(source).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationFailed("只能扫描 .csv 或 .xlsx 文件", field="input")
    with open(target, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(OUTPUT_COLUMNS)
        for number, text in _rows(Path(source), column):
            count.texts += 1
            for hit in matcher.scan(text, kinds):
                count.hits += 1
                writer.writerow((number, hit.code, hit.matched, hit.start, hit.end))
    return count
