"""The report as a DOCX (python-docx): A4, the standard fonts the offices' Word has named as East Asian fonts
(w:eastAsia) on every run — title 方正小标宋简体, headings 黑体, text 仿宋_GB2312 — the charts as pictures, the
tables as Word tables; the same order as the PDF."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from xiaoneng.reports import layout
from xiaoneng.reports.content import Content

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY, TITLE, HEI = "仿宋_GB2312", "方正小标宋简体", "黑体"
TEXT_MM = 160


def _run(paragraph, text: str, *, size: float = 12, font: str = BODY, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _para(document, text: str = "", *, size: float = 12, font: str = BODY, align=None, indent: bool = False,
          bold: bool = False, color=None, before: float = 0, after: float = 2):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, size=size, font=font, bold=bold, color=color)
    return paragraph


def _table(document, header: list[str], rows: list[list[str]], first_mm: float | None = None) -> None:
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    first = first_mm or min(max(30, TEXT_MM / len(header) * 1.6), 55)
    rest = (TEXT_MM - first) / max(len(header) - 1, 1)
    for r, values in enumerate([header, *rows]):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, values)):
            cell.width = Mm(first if c == 0 else rest)
            paragraph = cell.paragraphs[0]
            if r == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, text, size=9, bold=r == 0, font=HEI if r == 0 else BODY)


def docx_bytes(content: Content, images: dict[str, bytes]) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(22)
    normal = document.styles["Normal"]
    normal.font.name = BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY)
    document.core_properties.title = f"{content.title}{content.subtitle}"
    document.core_properties.author = content.center_name
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, content.title, size=22, font=TITLE, align=center, color=RGBColor(0xB2, 0x22, 0x22), before=12)
    _para(document, content.subtitle, size=15, align=center)
    made = content.made_on
    _para(document, f"编制日期：{made.year}年{made.month}月{made.day}日", size=10.5, align=center, after=10)
    _para(document, "主要情况", size=15, font=HEI, before=6)
    for n, sentence in enumerate(content.summary, start=1):
        _para(document, f"{n}. {sentence}", indent=True)
    for n, part in enumerate(content.sections):
        _para(document, layout.numbered(n, part.title), size=15, font=HEI, before=10, after=4)
        if part.sentences:
            _para(document, "".join(part.sentences), indent=True)
        if part.metrics:
            _table(document, layout.metric_header(content.period), layout.metric_rows(part, content.period),
                   first_mm=52)
        for chart in part.charts:
            if chart.key in images:
                picture = _para(document, align=center, before=4)
                picture.add_run().add_picture(io.BytesIO(images[chart.key]), width=Mm(150))
        for table in part.tables:
            header, rows, note = layout.printed(table)
            _para(document, table.title, size=12, font=HEI, before=6)
            if rows:
                _table(document, header, rows)
            else:
                _para(document, "本期无数据。", indent=True)
            for text in (note, f"注：{table.note}" if table.note else ""):
                if text:
                    _para(document, text, size=9)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
