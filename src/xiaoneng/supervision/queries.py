"""The 督办 notices as a list: filtered by state, reply deadline, card colour, department and the day issued,
searched by notice or case number, sorted, paged and exported; each row with its case and the names it needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from xiaoneng.cases.models import Case, CaseStep
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.bounds import DB_INT_MAX
from xiaoneng.kit.pagination import Page
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org.models import Department, Staff
from xiaoneng.supervision import rules
from xiaoneng.supervision.models import SupervisionNotice

DEADLINE_FILTERS = {"due_soon": "即将到期", "overdue": "逾期未反馈", "late": "逾期后反馈"}
SORTS = {"issued": SupervisionNotice.issued_at, "number": SupervisionNotice.seq,
         "reply_due": SupervisionNotice.reply_due, "status": SupervisionNotice.status}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    deadline: str = ""
    color: str = ""
    department_id: int | None = None
    start: dt.date | None = None  # issued on or after
    end: dt.date | None = None
    sort: str = "issued"
    descending: bool = True


@dataclass(frozen=True)
class NoticeRow:
    notice: SupervisionNotice
    case_number: str
    step_name: str
    department: str
    handler: str
    issuer: str

    @property
    def status_label(self) -> str:
        return rules.NOTICE_STATUS_LABELS[rules.NoticeStatus(self.notice.status)]

    @property
    def color_label(self) -> str:
        return rules.CARD_LABELS[rules.CardColor(self.notice.color)]

    @property
    def deadline_label(self) -> str:
        n = self.notice
        if n.status == rules.NoticeStatus.ISSUED:
            return {"overdue": "逾期未反馈", "due_soon": "即将到期"}.get(n.deadline_state, "")
        return "逾期后反馈" if n.replied_on and n.replied_on > n.reply_due else ""


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("supervision.read")
    handler, issuer = aliased(Staff), aliased(Staff)
    stmt = (scoped(select(SupervisionNotice), SupervisionNotice, actor)
            .add_columns(Case.number.label("case_number"), CaseStep.name.label("step_name"),
                         Department.name.label("department"), handler.full_name.label("handler"),
                         issuer.full_name.label("issuer"))
            .join(Case, Case.id == SupervisionNotice.case_id)
            .outerjoin(CaseStep, CaseStep.id == SupervisionNotice.step_id)
            .outerjoin(Department, Department.id == SupervisionNotice.department_id)
            .outerjoin(handler, handler.id == SupervisionNotice.handler_id)
            .outerjoin(issuer, issuer.id == SupervisionNotice.issued_by_id))
    if f.status:
        if f.status not in set(rules.NoticeStatus):
            raise ValidationFailed("督办状态不正确", field="status")
        stmt = stmt.where(SupervisionNotice.status == f.status)
    if f.deadline:
        if f.deadline not in DEADLINE_FILTERS:
            raise ValidationFailed("反馈期限状态不正确", field="deadline")
        if f.deadline == "late":
            stmt = stmt.where(SupervisionNotice.replied_on > SupervisionNotice.reply_due)
        else:
            stmt = stmt.where(SupervisionNotice.status == rules.NoticeStatus.ISSUED,
                              SupervisionNotice.deadline_state == f.deadline)
    if f.color:
        if f.color not in set(rules.CardColor):
            raise ValidationFailed("牌色不正确", field="color")
        stmt = stmt.where(SupervisionNotice.color == f.color)
    if f.department_id:
        stmt = stmt.where(SupervisionNotice.department_id == f.department_id)
    if f.start:
        stmt = stmt.where(SupervisionNotice.issued_on >= f.start)
    if f.end:
        stmt = stmt.where(SupervisionNotice.issued_on <= f.end)
    stmt = search(stmt, f.q, SupervisionNotice.number, Case.number)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    if f.sort == "number":
        order = (SupervisionNotice.year.desc(), column.desc()) if f.descending else (SupervisionNotice.year, column)
    else:
        order = (column.desc() if f.descending else column.asc(),)
    return stmt.order_by(*order, SupervisionNotice.id.desc() if f.descending else SupervisionNotice.id)


def _row(r) -> NoticeRow:
    return NoticeRow(notice=r[0], case_number=r.case_number, step_name=r.step_name or "",
                     department=r.department or "", handler=r.handler or "", issuer=r.issuer or "")


def list_notices(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                 per_page: int = 20) -> Page[NoticeRow]:
    stmt = _statement(actor, filters)
    if page > DB_INT_MAX:  # an offset past what the database takes
        raise ValidationFailed("页码过大", field="page")
    page, per_page = max(1, page), min(max(1, per_page), 200)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=[_row(r) for r in rows], total=total, page=page, per_page=per_page)


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    """Every matching notice for the XLSX export, labels not codes."""
    def rows():
        for r in session.execute(_statement(actor, filters)):
            row = _row(r)
            n = row.notice
            yield [n.number, n.issued_on, row.color_label, row.case_number, row.step_name, row.department,
                   row.handler, n.text, n.reply_due, row.status_label, row.deadline_label, n.replied_at, n.reply,
                   n.closed_at, n.close_note, row.issuer]

    columns = [Column("督办文号", width=24), Column("督办日期", "date"), Column("牌色"), Column("办件编号", width=16),
               Column("环节"), Column("科室", width=14), Column("责任人"), Column("督办内容", width=40),
               Column("反馈期限", "date"), Column("状态"), Column("期限情况", width=12), Column("反馈时间", "datetime"),
               Column("整改说明", width=40), Column("办结时间", "datetime"), Column("办结意见", width=30),
               Column("督办人")]
    return Sheet(name="督办通知", title=title, columns=columns, rows=rows())
