"""The notice as a PDF: A4, text 156 mm wide at GB/T 9704's left margin of 28 mm (top and bottom a little
narrower than an official document's, so that a copy fits on one page), each copy on pages of its own, the Chinese font embedded (WenQuanYi Micro Hei: ReportLab embeds TrueType only and cannot load
Noto CJK's CFF outlines), CJK line breaking, page numbers as “— 1 —”."""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from xiaoneng.notices.document import MATERIAL_HEADER, NoticeDocument, copy_label

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "WQYMicroHei"
PDF_MEDIA_TYPE = "application/pdf"
WIDTH = 156 * mm


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("body", fontName=font, fontSize=12, leading=20, wordWrap="CJK")
    return {
        "body": base,
        "indent": ParagraphStyle("indent", parent=base, firstLineIndent=24),
        "copy": ParagraphStyle("copy", parent=base, fontSize=10.5, leading=14, alignment=TA_RIGHT),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, spaceAfter=4),
        "number": ParagraphStyle("number", parent=base, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=8),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10.5, leading=15),
        "head": ParagraphStyle("head", parent=base, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=base, fontSize=10.5, leading=14, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    # Paragraphs fold runs of white space, the ideographic space too: the blanks of 年　月　日 are kept as
    # no-break spaces.
    return Paragraph(escape(text).replace("\n", "<br/>").replace("\u3000", "\u00a0" * 3), style)


GRID = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                   ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)])


def _copy(doc: NoticeDocument, label: str, st: dict) -> list:
    flow = [_p(label, st["copy"]), _p(doc.title, st["title"]), _p(doc.number, st["number"]),
            _p(f"{doc.applicant}：", st["body"]), _p(doc.opening, st["indent"])]
    flow += [_p(f"{i}. {reason}", st["indent"]) for i, reason in enumerate(doc.reasons, start=1)]
    flow.append(Spacer(1, 3 * mm))
    facts = Table([[_p(k, st["head"]), _p(v, st["cell"])] for k, v in doc.facts], colWidths=[26 * mm, WIDTH - 26 * mm])
    facts.setStyle(GRID)
    flow += [facts, Spacer(1, 3 * mm)]
    rows = [[_p(h, st["head"]) for h in MATERIAL_HEADER]]
    rows += [[_p(cell, st["cell"]) for cell in row] for row in doc.materials]
    materials = Table(rows, colWidths=[12 * mm, 44 * mm, 22 * mm, 40 * mm, 38 * mm], repeatRows=1)
    materials.setStyle(GRID)
    flow += [materials, Spacer(1, 3 * mm)]
    if doc.note:
        flow.append(_p(f"注意事项：{doc.note}", st["indent"]))
    flow += [_p(text, st["indent"]) for text in doc.closing]
    # The signatures, the center and the date stay together: a long material list moves them all to the next page.
    flow.append(KeepTogether([Spacer(1, 3 * mm), _signatures(doc, st), Spacer(1, 5 * mm),
                              _p(doc.center, st["right"]), _p(doc.date, st["right"])]))
    return flow


def _signatures(doc: NoticeDocument, st: dict) -> Table:
    """Lines to sign on for the applicant and the handler (whose name is printed beneath the line), each dated."""
    date = _p("年　　月　　日", st["right"])
    handler = _p(f"（{doc.handler}）" if doc.handler else "", st["small"])
    table = Table([[_p("申请人（签名）：", st["body"]), "", _p("日期：", st["body"]), date],
                   [_p("经办人（签名）：", st["body"]), "", _p("日期：", st["body"]), date], ["", handler, "", ""]],
                  colWidths=[40 * mm, 50 * mm, 18 * mm, 48 * mm], rowHeights=[11 * mm, 11 * mm, 6 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), _font()), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                               ("LINEBELOW", (1, 0), (1, 1), 0.6, colors.black),
                               ("LINEBELOW", (3, 0), (3, 1), 0.6, colors.black)]))
    return table


def _page_number(canvas, template) -> None:
    canvas.saveState()
    canvas.setFont(_font(), 12)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {canvas.getPageNumber()} —")
    canvas.restoreState()


def pdf_bytes(doc: NoticeDocument) -> bytes:
    """Both copies, the applicant's first."""
    st = _styles()
    out = io.BytesIO()
    # Pages start in the Chinese font, so the file names no standard font that it does not embed.
    template = SimpleDocTemplate(out, pagesize=A4, topMargin=25 * mm, bottomMargin=25 * mm, leftMargin=28 * mm,
                                 rightMargin=26 * mm, title=f"{doc.title} {doc.number}", author=doc.center,
                                 subject=doc.title, initialFontName=_font())
    flow: list = []
    for i, label in enumerate(doc.copies):
        if i:
            flow.append(PageBreak())
        flow += _copy(doc, copy_label(i, label), st)
    template.build(flow, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
