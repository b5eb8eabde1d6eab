"""The report as a PDF (ReportLab): A4, a title block, the findings first, then each section with its sentences,
its comparison table, its charts (the PNGs of charts.py) and its tables; WenQuanYi Micro Hei embedded (ReportLab
embeds TrueType only), CJK line breaking, page numbers as “— 1 —”."""

from __future__ import annotations

import io
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from xiaoneng.reports import layout
from xiaoneng.reports.content import Content

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT = "XnReportHei"
PDF_MEDIA_TYPE = "application/pdf"
WIDTH = 160 * mm


@lru_cache(maxsize=1)
def _font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, FONT_PATH, subfontIndex=0))
    return FONT


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("body", fontName=font, fontSize=11, leading=19, wordWrap="CJK")
    return {
        "body": ParagraphStyle("indent", parent=base, firstLineIndent=22),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=34, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b22222")),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=14, leading=24, alignment=TA_CENTER),
        "meta": ParagraphStyle("meta", parent=base, fontSize=10.5, alignment=TA_CENTER, textColor=colors.grey),
        "h1": ParagraphStyle("h1", parent=base, fontSize=15, leading=26, spaceBefore=10, spaceAfter=4,
                             keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base, fontSize=11.5, leading=20, spaceBefore=6, spaceAfter=2,
                             keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=12, alignment=TA_CENTER),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=12, textColor=colors.grey),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _grid(header: list[str], rows: list[list[str]], widths: list[float] | None = None) -> Table:
    data = [[_p(h, "head") for h in header]] + [[_p(c, "cell") for c in row] for row in rows]
    if widths is None:
        first = min(max(30 * mm, WIDTH / len(header) * 1.6), 55 * mm) if len(header) > 1 else WIDTH
        rest = (WIDTH - first) / max(len(header) - 1, 1)
        widths = [first] + [rest] * (len(header) - 1)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#777777")),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde8f3")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _image(data: bytes) -> Image:
    image = Image(io.BytesIO(data))
    scale = min(WIDTH * 0.92 / image.imageWidth, 110 * mm / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


def _page(canvas, template) -> None:
    canvas.saveState()
    canvas.setFont(_font(), 10)
    canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {canvas.getPageNumber()} —")
    canvas.restoreState()


def story(content: Content, images: dict[str, bytes]) -> list:
    flow = [Spacer(1, 6 * mm), _p(content.title, "title"), _p(content.subtitle, "subtitle"),
            _p(f"编制日期：{content.made_on.year}年{content.made_on.month}月{content.made_on.day}日", "meta"),
            Spacer(1, 6 * mm), _p("主要情况", "h1")]
    flow += [_p(f"{n}. {s}", "body") for n, s in enumerate(content.summary, start=1)]
    for n, section in enumerate(content.sections):
        flow.append(_p(layout.numbered(n, section.title), "h1"))
        if section.sentences:
            flow.append(_p("".join(section.sentences), "body"))
        if section.metrics:
            header = layout.metric_header(content.period)
            widths = [w * mm for w in layout.metric_widths(content.period)]
            flow += [Spacer(1, 2 * mm), KeepTogether([_grid(header, layout.metric_rows(section, content.period),
                                                            widths)])]
        for chart in section.charts:
            if chart.key in images:
                flow += [Spacer(1, 3 * mm), KeepTogether([_image(images[chart.key])])]
        for table in section.tables:
            header, rows, note = layout.printed(table)
            block = [_p(table.title, "h2"), _grid(header, rows) if rows else _p("本期无数据。", "body")]
            if note:
                block.append(_p(note, "note"))
            if table.note:
                block.append(_p(f"注：{table.note}", "note"))
            # A short table stays whole with its title; a long one at least keeps the title on its page.
            flow += [Spacer(1, 2 * mm), *([KeepTogether(block)] if len(rows) <= 12 else block)]
    return flow


def pdf_bytes(content: Content, images: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    template = SimpleDocTemplate(out, pagesize=A4, topMargin=22 * mm, bottomMargin=22 * mm, leftMargin=25 * mm,
                                 rightMargin=25 * mm, title=f"{content.title}{content.subtitle}",
                                 author=content.center_name, subject=content.title, initialFontName=_font())
    template.build(story(content, images), onFirstPage=_page, onLaterPages=_page)
    return out.getvalue()
