"""The report's tables as one XLSX workbook: a sheet 报告说明 (what, which period, the findings), a sheet 指标对比
(every section's figures with 环比 and 同比), then one sheet per table, named as the table (部门评价 among them).

A table's sheet has its header in the first row and its values typed (counts as numbers, shares as percentages),
so that it reads back as a table with the columns named, with no title row above it."""

from __future__ import annotations

import io

from xiaoneng.kit.spreadsheets import FORMATS, neutral_text, sheet_name
from xiaoneng.reports import layout
from xiaoneng.reports.content import Content

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _text(value):
    return neutral_text(value) if isinstance(value, str) else value


def xlsx_bytes(content: Content) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    book = Workbook()
    about = book.active
    about.title = "报告说明"
    about.append([f"{content.title}{content.subtitle}"])
    about["A1"].font = Font(bold=True, size=14)
    about.append([f"统计期间：{content.period.start} 至 {content.period.end}"])
    about.append([f"编制日期：{content.made_on}"])
    about.append([])
    about.append(["主要情况"])
    about.cell(about.max_row, 1).font = bold
    for n, sentence in enumerate(content.summary, start=1):
        about.append([f"{n}. {sentence}"])
    notes = [t.note for t in content.tables() if t.note]
    if notes:
        about.append([])
        about.append(["说明"])
        about.cell(about.max_row, 1).font = bold
        for note in notes:
            about.append([note])
    about.column_dimensions["A"].width = 120

    compare = book.create_sheet("指标对比")
    header = ["部分", *layout.metric_header(content.period)]
    compare.append(header)
    for n, section in enumerate(content.sections):
        for row in layout.metric_rows(section, content.period):
            compare.append([layout.numbered(n, section.title), *row])
    _style_header(compare, header, bold, fill, Alignment)
    for i, width in enumerate((22, 30, 14, 14, 16, 14, 16), start=1):
        compare.column_dimensions[get_column_letter(i)].width = width

    taken = {"报告说明", "指标对比"}
    for table in content.tables():
        name = sheet_name(table.sheet)
        while name in taken:  # two sections naming a sheet alike: the later one numbered
            name = sheet_name(f"{table.sheet}{len(taken)}")
        taken.add(name)
        ws = book.create_sheet(name)
        headers = [c.header for c in table.columns]
        ws.append(headers)
        for row in table.rows:
            ws.append([_text(v) for v in row])
            for col, (value, column) in enumerate(zip(row, table.columns), start=1):
                if column.kind in FORMATS and isinstance(value, int | float) and not isinstance(value, bool):
                    ws.cell(ws.max_row, col).number_format = FORMATS[column.kind]
        _style_header(ws, headers, bold, fill, Alignment)
        for col, column in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = column.width or max(_width(column.header) + 3, 10)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _style_header(ws, headers, bold, fill, alignment) -> None:
    for col in range(1, len(headers) + 1):
        cell = ws.cell(1, col)
        cell.font, cell.fill, cell.alignment = bold, fill, alignment(horizontal="center")
