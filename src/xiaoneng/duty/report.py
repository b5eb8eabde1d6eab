"""The AB set-up report (AB岗设置表) that the 综合服务科 keeps on file: every post of the center (or of one
department) with its A and B holders and duties, as an XLSX list and as a DOCX document laid out for print."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.duty import queries
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org import service as org

COLUMNS = ("科室", "岗位", "窗口", "岗位职责", "A岗（主岗）", "A岗工号", "B岗（备岗）", "B岗工号")
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"  # the standard fonts the offices' Word has (GB/T 9704)


@dataclass(frozen=True)
class Row:
    department: str
    post: str
    window: str
    duties: str
    a_name: str
    a_no: str
    b_name: str
    b_no: str


def rows(session: Session, *, actor: Actor, department_id: int | None = None) -> list[Row]:
    posts = queries.posts_with_names(session, actor=actor)
    if department_id is not None:
        posts = [p for p in posts if p[0].department_id == department_id]
    departments = {d.id: d.name for d in org.department_choices(session, actor=actor)}
    windows = {w.id: w.name for w in org.window_choices(session, actor=actor)}
    staff = {s.id: s for s in org.staff_choices(session, center_id=actor.center_id)}

    def no(staff_id: int) -> str:
        person = staff.get(staff_id)
        return person.staff_no if person else ""

    found = [Row(department=departments.get(post.department_id, "中心领导"), post=post.name,
                 window=windows.get(post.window_id, ""), duties=post.duties, a_name=a_name, a_no=no(post.a_staff_id),
                 b_name=b_name, b_no=no(post.b_staff_id)) for post, a_name, b_name in posts]
    # The center's leader first, then the departments in name order.
    return sorted(found, key=lambda r: (r.department != "中心领导", r.department, r.post))


def title(session: Session, *, actor: Actor, department_id: int | None) -> str:
    center = org.get_center(session, actor=actor).name
    if department_id is None:
        return f"{center} AB岗设置表"
    name = next((d.name for d in org.department_choices(session, actor=actor) if d.id == department_id), "")
    return f"{center} {name} AB岗设置表"


def sheet(session: Session, *, actor: Actor, department_id: int | None, today: dt.date) -> Sheet:
    found = rows(session, actor=actor, department_id=department_id)
    heading = f"{title(session, actor=actor, department_id=department_id)}（{today.isoformat()}）"
    return Sheet(name="AB岗设置表", title=heading,
                 columns=[Column(h, width=w) for h, w in zip(COLUMNS, (16, 20, 16, 36, 10, 10, 10, 10))],
                 rows=([r.department, r.post, r.window, r.duties, r.a_name, r.a_no, r.b_name, r.b_no] for r in found))


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Word takes Chinese glyphs from the East Asian font, not from font.name


def docx_bytes(session: Session, *, actor: Actor, department_id: int | None, today: dt.date) -> bytes:
    """The report as a DOCX: landscape A4, the title in 小标宋, a table in 仿宋, the date and the filing line."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    found = rows(session, actor=actor, department_id=department_id)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin = section.right_margin = Mm(25)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title(session, actor=actor, department_id=department_id)), TITLE_FONT, 22)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, COLUMNS):
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12, bold=True)
    for r in found:
        cells = table.add_row().cells
        for cell, text in zip(cells, (r.department, r.post, r.window, r.duties, r.a_name, r.a_no, r.b_name, r.b_no)):
            _font(cell.paragraphs[0].add_run(text), BODY_FONT, 12)
    if not found:
        cell = table.add_row().cells[0].merge(table.rows[-1].cells[-1])
        _font(cell.paragraphs[0].add_run("尚未设置 AB 岗"), BODY_FONT, 12)
    note = document.add_paragraph()
    _font(note.add_run(f"共 {len(found)} 个岗位。A 岗因事离岗时由 B 岗代为履职；A、B 岗不得同时离岗，"
                       "确需同时离岗的，由领导指定代岗人。"), BODY_FONT, 14)
    filed = document.add_paragraph()
    filed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _font(filed.add_run(f"综合服务科存档　　{today.year}年{today.month}月{today.day}日"), BODY_FONT, 14)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
