"""The files the analysis commands read and write: a CSV or XLSX table with a header row in, a CSV out."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.readers import Table, normalize_header, read_table
from xiaoneng.kit.spreadsheets import neutral_text


def read(path: Path) -> Table:
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValidationFailed("只能读取 .csv 或 .xlsx 文件", field="input")
    try:
        return read_table(path.name, path.read_bytes())
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="input") from None


def column(table: Table, name: str, field: str) -> str:
    wanted = normalize_header(name)
    if wanted not in table.headers:
        raise ValidationFailed(f"文件中没有“{name}”列（有：{'、'.join(table.headers)}）", field=field)
    return wanted


def pairs(table: Table, text_column: str, label_column: str) -> list[tuple[object, object]]:
    text_key = column(table, text_column, "text_column")
    label_key = column(table, label_column, "label_column")
    return [(row.values.get(text_key), row.values.get(label_key)) for row in table.rows]


def texts(table: Table, text_column: str) -> list[str]:
    key = column(table, text_column, "text_column")
    return ["" if row.values.get(key) is None else str(row.values.get(key)) for row in table.rows]


def write_rows(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """UTF-8 with the BOM Excel reads; text that begins like a formula is neutralised, as in every export."""
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([neutral_text(v) if isinstance(v, str) else ("" if v is None else v) for v in row])
    temporary.replace(path)
