"""The full-process report of a complaint (全流程投诉处理报告), DOCX and PDF: its facts, what was asked, every step of
the trail with time, actor and text, the evidence with its SHA-256, the urges, and how it ended.

The DOCX names the offices' standard fonts (仿宋_GB2312, 方正小标宋简体, 黑体) as East Asian fonts; the PDF embeds
WenQuanYi Micro Hei (ReportLab embeds TrueType only), so it reads on a machine without Chinese fonts."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from sqlalchemy.orm import Session

from xiaoneng.complaints import common, evidence, rules, urges
from xiaoneng.complaints.models import Complaint
from xiaoneng.kit import clock
from xiaoneng.kit.masking import mask_phone
from xiaoneng.kit.readers import size_label
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org

TITLE = "全流程投诉处理报告"
BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
PDF_FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PDF_FONT = "WQYMicroHei"


@dataclass(frozen=True)
class Report:
    center: str
    number: str
    facts: list[tuple[str, str]]
    content: str
    steps: list[tuple[str, str, str, str]]  # time, step, actor, text
    files: list[tuple[str, str, str, str]]  # name, size, SHA-256, uploaded
    urges: list[tuple[str, str, str, str]]  # issued on, kind, title, recipient
    outcome: list[tuple[str, str]]
    made_at: str


def _time(value: dt.datetime | None) -> str:
    return clock.local(value).strftime("%Y-%m-%d %H:%M") if value else "—"


def build(session: Session, *, actor: Actor, complaint_id) -> Report:
    c: Complaint = common.load(session, actor, complaint_id)
    reader = system_actor(c.center_id)
    departments = {d.id: d.name for d in org.department_choices(session, actor=reader)}
    people = org.staff_names(session, center_id=c.center_id, staff_ids={c.staff_id, c.handler_id} - {None})
    windows = {w.id: w.name for w in org.window_choices(session, actor=reader)}
    phone = c.complainant_phone if actor.can("personal.read") else mask_phone(c.complainant_phone)
    into, merged = common.linked(session, c)
    facts = [("投诉编号", c.number), ("来源渠道", rules.CHANNEL_LABELS[rules.Channel(c.channel)]),
             ("来文编号", c.source_number or "—"), ("诉求类型", rules.KIND_LABELS[rules.Kind(c.kind)]),
             ("问题类别", c.topic or "—"), ("收到时间", _time(c.received_at)),
             ("诉求人", f"{c.complainant_name or '未留姓名'}　{phone}".strip()),
             ("承办单位", departments.get(c.department_id, "未分派")),
             ("涉及人员", people.get(c.staff_id, "—")), ("涉及窗口", windows.get(c.window_id, "—")),
             ("签收时限", c.sign_by.isoformat() if c.sign_by else "—"),
             ("答复时限", c.due_on.isoformat() if c.due_on else "无（表扬件）"),
             ("当前状态", rules.STATUS_LABELS[rules.Status(c.status)]), ("重新办理", f"{c.round} 次")]
    if into:
        facts.append(("并入", f"{into.number}（{c.duplicate_reason}）"))
    if merged:
        facts.append(("重复件", "、".join(m.number for m in merged)))
    steps = [(_time(e.at), common.EVENT_LABELS.get(e.kind, "其他"), e.actor_name or "系统", e.text)
             for e in common.trail(session, c)]
    files = [(f.filename, size_label(f.size), f.sha256, _time(f.uploaded_at)) for f in evidence.of(session, c.id)]
    urge_rows = [(u.issued_on.isoformat(), rules.URGE_LABELS[rules.UrgeKind(u.kind)], u.title, u.recipient)
                 for u in urges.of(session, c.id)]
    outcome = [("答复内容", c.answer or "—"), ("答复时间", _time(c.answered_at)),
               ("是否按时", "—" if c.answered_on_time is None else "按时" if c.answered_on_time else "超期"),
               ("回访结果", rules.CALLBACK_LABELS[rules.Callback(c.callback_result)] if c.callback_result else "—")]
    if c.decision:
        outcome.append(("中心领导批示", c.decision))
    outcome.append(("办结时间", _time(c.closed_at)))
    return Report(center=org.get_center(session, actor=reader).name, number=c.number, facts=facts, content=c.content,
                  steps=steps, files=files, urges=urge_rows, outcome=outcome, made_at=_time(clock.now()))


# --- DOCX ------------------------------------------------------------------------------------------------------------

def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.font.bold = font, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)  # Chinese glyphs come from here
    return run


def _table(document, header: list[str], rows: list, widths_mm: list[float]):
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, header, widths_mm):
        cell.width = Mm(width)
        _run(cell.paragraphs[0], text, HEAD_FONT, 11)
    for row in rows:
        for cell, text, width in zip(table.add_row().cells, row, widths_mm):
            cell.width = Mm(width)
            _run(cell.paragraphs[0], str(text), BODY_FONT, 11)
    return table


def docx_bytes(report: Report) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(25), Mm(25), Mm(25), Mm(22)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(heading, TITLE, TITLE_FONT, 22)
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(sub, f"{report.center}　投诉编号 {report.number}", BODY_FONT, 14)
    for title, header, rows, widths in _sections(report):
        _run(document.add_paragraph(), title, HEAD_FONT, 15)
        if header is None:
            _run(document.add_paragraph(), rows, BODY_FONT, 13)
        else:
            _table(document, header, rows, widths)
    end = document.add_paragraph()
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(end, f"{report.center}效能监督科　报告生成于 {report.made_at}", BODY_FONT, 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _sections(report: Report):
    yield "一、基本情况", ["项目", "内容"], report.facts, [35, 128]
    yield "二、诉求内容", None, report.content, []
    yield "三、办理过程", ["时间", "环节", "经办人", "内容"], report.steps or [("—", "—", "—", "尚无记录")], [32, 26, 28, 77]
    if report.files:
        yield "四、证据材料", ["文件", "大小", "SHA-256", "上传时间"], report.files, [38, 16, 77, 32]
    yield ("五、督办情况" if report.files else "四、督办情况"), ["成文日期", "文种", "标题", "主送"], \
        report.urges or [("—", "—", "未发生超期督办", "—")], [24, 24, 85, 30]
    yield ("六、办理结果" if report.files else "五、办理结果"), ["项目", "内容"], report.outcome, [35, 128]


# --- PDF -------------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(PDF_FONT, PDF_FONT_PATH, subfontIndex=0))  # embedded: no boxes without CJK fonts
    return PDF_FONT


def pdf_bytes(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _pdf_font()
    title = ParagraphStyle("title", fontName=font, fontSize=20, leading=28, alignment=1, wordWrap="CJK")
    sub = ParagraphStyle("sub", fontName=font, fontSize=12, leading=18, alignment=1, wordWrap="CJK")
    head = ParagraphStyle("head", fontName=font, fontSize=13, leading=20, spaceBefore=8, spaceAfter=4, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=13, wordWrap="CJK")
    right = ParagraphStyle("right", parent=body, alignment=2)

    def p(text, style=cell):
        return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)

    story = [p(TITLE, title), p(f"{report.center}　投诉编号 {report.number}", sub), Spacer(1, 4 * mm)]
    for heading, header, rows, widths in _sections(report):
        story.append(p(heading, head))
        if header is None:
            story.append(p(rows, body))
            continue
        table = Table([[p(h) for h in header]] + [[p(v) for v in row] for row in rows],
                      colWidths=[w * mm for w in widths], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    story += [Spacer(1, 6 * mm), p(f"{report.center}效能监督科　报告生成于 {report.made_at}", right)]
    out = io.BytesIO()

    def number_pages(canvas, document):
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {document.page} —")

    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=23 * mm, rightMargin=23 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=f"{TITLE} {report.number}", author=report.center)
    doc.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    return out.getvalue()
