"""The notice as a DOCX (python-docx): A4 with the margins of GB/T 9704, the standard fonts the offices' Word has
(title 方正小标宋简体, text 仿宋_GB2312) named as East Asian fonts (w:eastAsia) on every run, since Word takes Chinese
glyphs from those and not from the Latin font name; each copy begins on a new page."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from xiaoneng.notices.document import MATERIAL_HEADER, NoticeDocument, copy_label

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"
MATERIAL_WIDTHS = (12, 44, 22, 40, 38)  # mm, 156 in all


def _run(paragraph, text: str, *, size: float = 14, font: str = BODY_FONT, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _para(document, text: str = "", *, size: float = 14, font: str = BODY_FONT, align=None, indent: bool = False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _run(paragraph, text, size=size, font=font)
    return paragraph


def _cell(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size=10.5, bold=bold)


def _table(document, rows, widths_mm, *, header: bool):
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        cells = table.add_row().cells
        for c, (cell, text) in enumerate(zip(cells, values)):
            cell.width = Mm(widths_mm[c])
            _cell(cell, text, bold=header and r == 0 or (not header and c == 0), center=header and r == 0)
    return table


def _copy(document, doc: NoticeDocument, label: str) -> None:
    _para(document, label, size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, doc.title, size=22, font=TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, doc.number, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, f"{doc.applicant}：")
    _para(document, doc.opening, indent=True)
    for i, reason in enumerate(doc.reasons, start=1):
        _para(document, f"{i}. {reason}", indent=True)
    _table(document, doc.facts, (26, 130), header=False)
    _para(document, "", size=6)
    _table(document, (MATERIAL_HEADER, *doc.materials), MATERIAL_WIDTHS, header=True)
    if doc.note:
        _para(document, f"注意事项：{doc.note}", indent=True)
    for text in doc.closing:
        _para(document, text, indent=True)
    _para(document, "")
    _para(document, "申请人（签名）：　　　　　　　　　　　日期：　　年　　月　　日")
    handler = f"（{doc.handler}）" if doc.handler else "　　　　"
    _para(document, f"经办人（签名）：　　　　　{handler}　日期：　　年　　月　　日")
    _para(document, "")
    _para(document, doc.center, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, doc.date, align=WD_ALIGN_PARAGRAPH.RIGHT)


def docx_bytes(doc: NoticeDocument) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    document.core_properties.title = f"{doc.title} {doc.number}"
    for i, label in enumerate(doc.copies):
        if i:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        _copy(document, doc, copy_label(i, label))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
