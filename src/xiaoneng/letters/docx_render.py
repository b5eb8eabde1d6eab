"""A letter as DOCX (python-docx) in the GB/T 9704-2012 layout: A4 with the 156 × 225 mm text block, a document
grid of 22 lines × 28 characters, the standard fonts named for the East Asian script (仿宋_GB2312, 方正小标宋简体,
黑体, 楷体_GB2312), odd pages numbered at the right and even ones at the left, and the 版记 as a table floating
on the bottom edge of the last page's text block."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from xiaoneng.letters import fonts
from xiaoneng.letters import layout as L
from xiaoneng.letters.layout import LetterDoc

LINE_TWIPS = int(L.LINE_MM / L.PT_MM * 20)  # 579: a hair under 225/22 mm, so that 22 lines fit
# 28 characters of 3号 in 156 mm: each drawn a quarter point closer (w:spacing, twentieths of a point). A line grid
# of 22 lines holds the rows; a character grid (linesAndChars) is left out, LibreOffice and WPS read its pitch
# differently from Word.
BODY_SPACING = -5
RED = RGBColor(0xDD, 0, 0)


def _font(run, name: str, size: float, *, color: RGBColor | None = None) -> None:
    run.font.name, run.font.size = name, Pt(size)
    props = run._element.get_or_add_rPr()
    props.get_or_add_rFonts().set(qn("w:eastAsia"), name)  # Chinese glyphs come from here
    if color is not None:
        run.font.color.rgb = color
    if size == L.BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(BODY_SPACING))
        props.append(spacing)


def _exact(paragraph, points: float) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(points)
    fmt.space_before = fmt.space_after = Pt(0)


def _line_pt() -> float:
    return LINE_TWIPS / 20


def _paragraph(document, text: str = "", *, font: str = fonts.FANG, size: float = L.BODY_PT, align=None,
               before_lines: float = 0, color: RGBColor | None = None):
    p = document.add_paragraph()
    _exact(p, _line_pt())
    if before_lines:
        p.paragraph_format.space_before = Pt(_line_pt() * before_lines)
    if align is not None:
        p.alignment = align
    if text:
        _font(p.add_run(text), font, size, color=color)
    return p


def _page_setup(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(L.PAGE_W), Mm(L.PAGE_H)
    section.top_margin, section.bottom_margin = Mm(L.TOP), Mm(L.BOTTOM)
    section.left_margin, section.right_margin = Mm(L.LEFT), Mm(L.RIGHT)
    # The page number's line starts 7 mm under the text block: the footer's 14 pt line ends this far from the edge.
    section.footer_distance = Mm(L.BOTTOM - L.PAGE_NUMBER_GAP_MM - L.NOTE_PT * L.PT_MM)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_TWIPS))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = fonts.FANG, Pt(L.BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), fonts.FANG)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], right=True)
    _page_number(section.even_page_footer.paragraphs[0], right=False)


def _field(paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        _font(run, fonts.SONG, L.NOTE_PT)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._element.append(code)
        else:
            run.text = text


def _page_number(paragraph, *, right: bool) -> None:
    """— 1 — in 4号 宋体, one character in from the right edge on odd pages, the left edge on even ones (7.5)."""
    _exact(paragraph, L.NOTE_PT)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    if right:
        paragraph.paragraph_format.right_indent = Pt(L.NOTE_PT)
    else:
        paragraph.paragraph_format.left_indent = Pt(L.NOTE_PT)
    _font(paragraph.add_run("— "), fonts.SONG, L.NOTE_PT)
    _field(paragraph, "PAGE")
    _font(paragraph.add_run(" —"), fonts.SONG, L.NOTE_PT)


def _rule_below(paragraph, *, space_pt: float, size_eighths: int = 12, color: str = "DD0000") -> None:
    pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size_eighths)), ("space", str(round(space_pt))),
                       ("color", color)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    pr.append(borders)


def _em(text: str) -> float:
    """A text's width in characters: ASCII digits and letters are half as wide as a Chinese character."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _head(document, doc: LetterDoc) -> None:
    issuer = _paragraph(document, doc.issuer, font=fonts.SONG_TITLE, size=doc.issuer_pt,
                        align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    _exact(issuer, doc.issuer_pt * 1.2)
    issuer.paragraph_format.space_before = Mm(L.ISSUER_TOP_MM)
    number = _paragraph(document, doc.number, align=WD_ALIGN_PARAGRAPH.CENTER, before_lines=2)
    _rule_below(number, space_pt=L.RULE_GAP_MM / L.PT_MM)
    title = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, before_lines=2)
    for i, line in enumerate(doc.title_lines):
        run = title.add_run(line)
        _font(run, fonts.SONG_TITLE, L.TITLE_PT)
        if i < len(doc.title_lines) - 1:
            run.add_break()
    _paragraph(document, doc.addressee, before_lines=1)


def _body(document, doc: LetterDoc) -> None:
    for part in doc.paragraphs:
        p = _paragraph(document)
        p.paragraph_format.first_line_indent = Pt(2 * L.BODY_PT)
        if part.level:
            _font(p.add_run(part.heading), fonts.HEI if part.level == 1 else fonts.KAI, L.BODY_PT)
        if part.rest:
            _font(p.add_run(part.rest), fonts.FANG, L.BODY_PT)
    for i, name in enumerate(doc.attachments):
        # 附件：1.名称, the next ones under the 1., a wrapped name under its first character (7.3.4).
        mark = _em(name.partition(".")[0] + ".") if len(doc.attachments) > 1 else 0
        p = _paragraph(document, ("附件：" if i == 0 else "") + name, before_lines=1 if i == 0 else 0)
        p.paragraph_format.left_indent = Pt((5 + mark) * L.BODY_PT)
        p.paragraph_format.first_line_indent = Pt(-((3 if i == 0 else 0) + mark) * L.BODY_PT)
    _signature(document, doc)


def _signature(document, doc: LetterDoc) -> None:
    """落款 two characters from the right, 成文日期 under it two characters further in; a date longer than the name
    moves the name left instead, the date keeping two characters from the right (7.3.5.3)."""
    name, date = _em(doc.signature), _em(doc.dated)
    name_right, date_right = (2, name - date) if name >= date + 2 else (4 + date - name, 2)
    for text, right, before in ((doc.signature, name_right, 1), (doc.dated, date_right, 0)):
        p = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, before_lines=before)
        p.paragraph_format.right_indent = Pt(right * L.BODY_PT)
        p.paragraph_format.keep_with_next = True


def _borders(table) -> None:
    """版记 rules (7.4.1): thick (0.35 mm) first and last, thin (0.25 mm) between its lines, no others."""
    pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("bottom", 8), ("insideH", 6), ("left", 0), ("right", 0), ("insideV", 0)):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single" if size else "nil")
        if size:
            line.set(qn("w:sz"), str(size))
            line.set(qn("w:color"), "000000")
        borders.append(line)
    pr.append(borders)
    # Floating at a fixed place of the page it lands on: its last rule on the bottom edge of the text block.
    # (Anchored "bottom of the margin" Word honours and LibreOffice ignores; a position from the page's top edge
    # both do.) Its rows are of exact height, so the table's height is known.
    rows = len(table.rows)
    top = round((L.TOP + L.BLOCK_H) / L.PT_MM * 20) - rows * LINE_TWIPS
    floating = OxmlElement("w:tblpPr")
    for key, value in (("vertAnchor", "page"), ("tblpY", str(top)), ("horzAnchor", "margin"),
                       ("tblpXSpec", "center")):
        floating.set(qn(f"w:{key}"), value)
    style = pr.find(qn("w:tblStyle"))
    pr.insert(list(pr).index(style) + 1 if style is not None else 0, floating)
    for row in table.rows:
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(LINE_TWIPS))
        height.set(qn("w:hRule"), "exact")
        row._tr.get_or_add_trPr().append(height)


def _banji(document, doc: LetterDoc) -> None:
    rows = ([("抄送：" + doc.copy_to, "")] if doc.copy_to else []) + [(doc.printed_by, doc.printed)]
    table = document.add_table(rows=len(rows), cols=2)
    table.autofit = False
    widths = (Mm(L.BLOCK_W * 0.55), Mm(L.BLOCK_W * 0.45))
    for column, width in zip(table.columns, widths):
        column.width = width
    layout_fixed = OxmlElement("w:tblLayout")
    layout_fixed.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout_fixed)
    for row, (left, right) in zip(table.rows, rows):
        row.cells[0].width, row.cells[1].width = widths
        cells = [row.cells[0].merge(row.cells[1])] if not right else list(row.cells)
        for cell, text, align in zip(cells, (left, right), (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT)):
            p = cell.paragraphs[0]
            _exact(p, _line_pt())
            p.alignment = align
            p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(L.NOTE_PT)  # 左右各空一字
            if text.startswith("抄送："):
                p.paragraph_format.left_indent = Pt(4 * L.NOTE_PT)  # a wrapped name under the colon's next one
                p.paragraph_format.first_line_indent = Pt(-3 * L.NOTE_PT)
            _font(p.add_run(text), fonts.FANG, L.NOTE_PT)
    _borders(table)
    _paragraph(document)  # a document ends with a paragraph after its last table


def docx_bytes(doc: LetterDoc) -> bytes:
    document = Document()
    _page_setup(document)
    document.core_properties.title = " ".join(doc.title_lines)
    document.core_properties.author = doc.issuer
    body = document._body._body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    _head(document, doc)
    _body(document, doc)
    _banji(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
