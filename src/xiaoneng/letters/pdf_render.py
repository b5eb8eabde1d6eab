"""A letter as PDF (WeasyPrint): the page and its elements laid out from CSS in millimetres as GB/T 9704-2012 sets
them, with the Fandol OpenType fonts embedded (subset). The 版记 must end on the bottom edge of the last page's
text block (7.4.1), which CSS cannot ask for: the letter is laid out once, the gap under the 版记 on its page is
measured, and it is laid out again with that gap above the 版记."""

from __future__ import annotations

from markupsafe import escape

from xiaoneng.letters import fonts
from xiaoneng.letters import layout as L
from xiaoneng.letters.layout import LetterDoc

PX_MM = 96 / 25.4  # CSS pixels in a millimetre (WeasyPrint measures pages in CSS pixels)
F = {k: f.family for k, f in fonts.FACES.items()}


def _css() -> str:
    line = f"{L.LINE_MM - 0.005:.3f}mm"  # a hair under 225/22 mm, so that 22 lines always fit the block
    tracking = L.BODY_TRACKING_PT - 0.003  # and a hair closer, so that the 28th character always fits its line
    number = (f'content: "— " counter(page) " —"; font: {L.NOTE_PT}pt/1 {F["song"]}; white-space: nowrap; '
              f"vertical-align: top; padding-top: {L.PAGE_NUMBER_GAP_MM}mm;")
    return f"""{fonts.font_faces_css()}
@page {{ size: {L.PAGE_W}mm {L.PAGE_H}mm; margin: {L.TOP}mm {L.RIGHT}mm {L.BOTTOM}mm {L.LEFT}mm; }}
@page :right {{ @bottom-right {{ {number} text-align: right; padding-right: 1em; }} }}
@page :left {{ @bottom-left {{ {number} text-align: left; padding-left: 1em; }} }}
html {{ font: {L.BODY_PT}pt/{line} {F["fang"]}; letter-spacing: {tracking:.3f}pt; color: #000; }}
body {{ margin: 0; }}
div, p {{ margin: 0; }}
.issuer {{ margin-top: {L.ISSUER_TOP_MM}mm; text-align: center; color: #d00; font-family: {F["title"]};
  line-height: 1.1; letter-spacing: 0.05em; white-space: nowrap; }}
.number {{ margin-top: {2 * L.LINE_MM:.3f}mm; text-align: center; }}
.rule {{ margin-top: {L.RULE_GAP_MM}mm; border-top: 0.5mm solid #d00; }}
.title {{ margin-top: {2 * L.LINE_MM:.3f}mm; text-align: center; font: {L.TITLE_PT}pt/{line} {F["title"]};
  letter-spacing: 0; white-space: nowrap; }}
.to {{ margin-top: {L.LINE_MM:.3f}mm; }}
.body {{ text-indent: 2em; text-align: justify; }}
.h1 {{ font-family: {F["hei"]}; }}
.h2 {{ font-family: {F["kai"]}; }}
.attach {{ margin-top: {L.LINE_MM:.3f}mm; padding-left: 2em; }}
.attach .table {{ display: table; width: 100%; border-collapse: collapse; }}
.attach .row {{ display: table-row; }}
.attach .cell {{ display: table-cell; padding: 0; vertical-align: top; white-space: nowrap; }}
.attach .name {{ white-space: normal; width: 100%; }}
.sign {{ margin-top: {L.LINE_MM:.3f}mm; text-align: right; padding-right: 2em; break-inside: avoid; }}
.sign .box {{ display: inline-block; text-align: left; text-indent: 0; white-space: nowrap; }}
.sign .date {{ margin-left: 2em; }}
.banji {{ break-inside: avoid; font-size: {L.NOTE_PT}pt; letter-spacing: 0; border-top: {L.THICK_MM}mm solid #000;
  border-bottom: {L.THICK_MM}mm solid #000; margin-bottom: 0; }}
.banji .copy {{ display: table; width: 100%; padding: 0 1em; box-sizing: border-box;
  border-bottom: {L.THIN_MM}mm solid #000; }}
.banji .copy .cell {{ display: table-cell; white-space: nowrap; width: 3em; }}
.banji .copy .names {{ display: table-cell; }}
.banji .print {{ display: table; width: 100%; padding: 0 1em; box-sizing: border-box; }}
.banji .print .cell {{ display: table-cell; }}
.banji .print .when {{ text-align: right; }}
#banji-end {{ height: 0; }}
"""


def _paragraph(p: L.Paragraph) -> str:
    if p.level:
        return f'<p class="body"><span class="h{p.level}">{escape(p.heading)}</span>{escape(p.rest)}</p>'
    return f'<p class="body">{escape(p.rest)}</p>'


def _attachments(doc: LetterDoc) -> str:
    if not doc.attachments:
        return ""
    rows = []
    for i, name in enumerate(doc.attachments):
        label = "附件：" if i == 0 else ""
        number, _, rest = name.partition(".") if len(doc.attachments) > 1 else ("", "", name)
        mark = f"{number}." if number else ""
        rows.append(f'<div class="row"><span class="cell">{label}</span><span class="cell">{escape(mark)}</span>'
                    f'<span class="cell name">{escape(rest)}</span></div>')
    return f'<div class="attach"><div class="table">{"".join(rows)}</div></div>'


def _banji(doc: LetterDoc, gap_px: float) -> str:
    copy = ""
    if doc.copy_to:
        copy = (f'<div class="copy"><span class="cell">抄送：</span><span class="names">{escape(doc.copy_to)}</span>'
                "</div>")
    return (f'<div class="banji" id="banji" style="margin-top: {gap_px:.2f}px">{copy}<div class="print">'
            f'<span class="cell">{escape(doc.printed_by)}</span><span class="cell when">{escape(doc.printed)}</span>'
            '</div></div><div id="banji-end"></div>')


def html(doc: LetterDoc, gap_px: float = 0.0) -> str:
    titles = "".join(f"<div>{escape(line)}</div>" for line in doc.title_lines)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(" ".join(doc.title_lines))}</title>
<style>{_css()}</style></head><body>
<div class="issuer" style="font-size: {doc.issuer_pt:.1f}pt">{escape(doc.issuer)}</div>
<div class="number">{escape(doc.number)}</div><div class="rule"></div>
<div class="title">{titles}</div>
<p class="to">{escape(doc.addressee)}</p>
{"".join(_paragraph(p) for p in doc.paragraphs)}
{_attachments(doc)}
<div class="sign"><span class="box"><div>{escape(doc.signature)}</div><div class="date">{escape(doc.dated)}</div></span></div>
{_banji(doc, gap_px)}
</body></html>"""


def _gap_under_banji(rendered) -> float:
    """CSS pixels between the bottom of the 版记 and the bottom of its page's text block."""
    for page in rendered.pages:
        end = page.anchors.get("banji-end")
        if end is not None:
            return max(0.0, (L.TOP + L.BLOCK_H) * PX_MM - end[1])
    return 0.0


def pdf_bytes(doc: LetterDoc) -> bytes:
    from weasyprint import HTML

    first = HTML(string=html(doc)).render()
    gap = _gap_under_banji(first)
    # A hair less than the gap measured, so rounding never pushes the 版记 on to a page of its own.
    final = HTML(string=html(doc, max(0.0, gap - 0.5))).render() if gap > 0.5 else first
    title = " ".join(doc.title_lines)
    final.metadata.title, final.metadata.authors = title, [doc.issuer]
    return final.write_pdf()
