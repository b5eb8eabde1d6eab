"""Yellow and red cards read from the cases as they stand today (rules.ran_over), never stored: a step's card from
its own due date (cases/rules.fold_steps), a case's from the case clock. Each card with its 督办 notice, if any.

The two kinds are one UNION ALL of two statements that each carry every filter (so the indexes on due dates serve
both halves), sorted and paged outside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, Select, String, and_, cast, func, literal_column, null, or_, select, union_all
from sqlalchemy.orm import Session

from xiaoneng.calendar import service as calendar
from xiaoneng.cases.models import ApplicantType, Case, CaseStatus, CaseStep
from xiaoneng.errors import ValidationFailed
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit import clock
from xiaoneng.kit.masking import mask_name
from xiaoneng.kit.bounds import DB_INT_MAX
from xiaoneng.kit.pagination import Page
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import contains
from xiaoneng.org.models import Department, Staff
from xiaoneng.supervision import rules
from xiaoneng.supervision.models import SupervisionNotice
from xiaoneng.supervision.rules import CardColor

SORTS = ("due", "number", "color", "department", "completed")


@dataclass(frozen=True)
class Filters:
    q: str = ""  # case number or applicant
    color: str = ""
    department_id: int | None = None
    handler_id: int | None = None
    start: dt.date | None = None  # the due dates the cards missed
    end: dt.date | None = None
    notice: str = ""  # rules.CARD_NOTICE_FILTERS
    progress: str = ""  # rules.CARD_PROGRESS
    sort: str = "due"
    descending: bool = True

    def check(self) -> None:
        if self.color and self.color not in set(CardColor):
            raise ValidationFailed("牌色不正确", field="color")
        if self.notice and self.notice not in rules.CARD_NOTICE_FILTERS:
            raise ValidationFailed("督办状态不正确", field="notice")
        if self.progress and self.progress not in rules.CARD_PROGRESS:
            raise ValidationFailed("办理情况不正确", field="progress")
        if self.sort not in SORTS:
            raise ValidationFailed("排序字段不正确", field="sort")
        if self.start and self.end and self.end < self.start:
            raise ValidationFailed("结束日期不能早于开始日期", field="end")


@dataclass(frozen=True)
class Card:
    color: str
    case_id: int
    step_id: int | None
    center_id: int
    department_id: int
    department: str
    handler_id: int | None
    handler: str
    step_name: str
    due_on: dt.date
    due_provisional: bool
    completed_on: dt.date | None
    number: str
    applicant: str
    item: str
    notice_id: int | None
    notice_status: str | None
    notice_number: str | None
    days_late: int  # working days past the due date, to the completion or today

    @property
    def key(self) -> str:
        return f"yellow:{self.step_id}" if self.color == CardColor.YELLOW else f"red:{self.case_id}"

    @property
    def color_label(self) -> str:
        return rules.CARD_LABELS[CardColor(self.color)]

    @property
    def notice_label(self) -> str:
        return rules.NOTICE_STATUS_LABELS[rules.NoticeStatus(self.notice_status)] if self.notice_status else "未督办"

    @property
    def progress_label(self) -> str:
        return "仍未完成" if self.completed_on is None else f"{self.completed_on.isoformat()} 完成"


def _narrow(stmt: Select, f: Filters, *, due, completed, handler) -> Select:
    """Every filter, on the columns of one half of the union."""
    if f.department_id:
        stmt = stmt.where(Case.department_id == f.department_id)
    if f.handler_id:
        stmt = stmt.where(handler == f.handler_id)
    if f.start:
        stmt = stmt.where(due >= f.start)
    if f.end:
        stmt = stmt.where(due <= f.end)
    if f.progress:
        stmt = stmt.where(completed.is_(None) if f.progress == "open" else completed.is_not(None))
    if f.notice == rules.NO_NOTICE:
        stmt = stmt.where(SupervisionNotice.id.is_(None))
    elif f.notice == rules.ANY_NOTICE:
        stmt = stmt.where(SupervisionNotice.id.is_not(None))
    elif f.notice:
        stmt = stmt.where(SupervisionNotice.status == f.notice)
    found = contains(f.q, Case.number, Case.applicant_name)
    return stmt if found is None else stmt.where(found)


def _columns(color: CardColor, *, step_id, handler, step_name, due, provisional, completed) -> list:
    return [literal_column(f"'{color.value}'", String).label("color"), Case.id.label("case_id"),
            step_id.label("step_id"), Case.center_id.label("center_id"), Case.department_id.label("department_id"),
            Department.name.label("department"), handler.label("handler_id"), Staff.full_name.label("handler"),
            step_name.label("step_name"), due.label("due_on"), provisional.label("due_provisional"),
            completed.label("completed_on"), Case.number.label("number"), Case.applicant_name.label("applicant_name"),
            Case.applicant_type.label("applicant_type"), ServiceItem.name.label("item"),
            SupervisionNotice.id.label("notice_id"), SupervisionNotice.status.label("notice_status"),
            SupervisionNotice.number.label("notice_number")]


def _names(stmt: Select, handler) -> Select:
    return (stmt.outerjoin(Department, Department.id == Case.department_id)
            .outerjoin(Staff, Staff.id == handler).outerjoin(ServiceItem, ServiceItem.id == Case.item_id))


def _yellow(actor: Actor, f: Filters, today: dt.date, case_id: int | None, step_id: int | None) -> Select:
    handler = func.coalesce(CaseStep.handler_id, Case.handler_id)
    late = or_(CaseStep.completed_on > CaseStep.due_on, and_(CaseStep.completed_on.is_(None), CaseStep.due_on < today))
    stmt = select(*_columns(CardColor.YELLOW, step_id=CaseStep.id, handler=handler, step_name=CaseStep.name,
                            due=CaseStep.due_on, provisional=CaseStep.due_provisional,
                            completed=CaseStep.completed_on))
    stmt = _names(stmt.select_from(CaseStep).join(Case, Case.id == CaseStep.case_id), handler).outerjoin(
        SupervisionNotice, and_(SupervisionNotice.step_id == CaseStep.id, SupervisionNotice.color == CardColor.YELLOW))
    # The step's own center beside the case's: the planner then reads the steps by (center, due day), not a
    # center's every case.
    stmt = stmt.where(CaseStep.due_on.is_not(None), late, Case.status != CaseStatus.REJECTED,
                      CaseStep.center_id == Case.center_id)
    if case_id is not None:
        stmt = stmt.where(Case.id == case_id, CaseStep.id == step_id)
    return _narrow(scoped(stmt, Case, actor), f, due=CaseStep.due_on, completed=CaseStep.completed_on, handler=handler)


def _red(actor: Actor, f: Filters, today: dt.date, case_id: int | None) -> Select:
    late = or_(Case.completed_on > Case.due_on,
               and_(Case.completed_on.is_(None), Case.clock_status == "running", Case.due_on < today))
    stmt = select(*_columns(CardColor.RED, step_id=cast(null(), Integer), handler=Case.handler_id,
                            step_name=literal_column("''", String), due=Case.due_on,
                            provisional=Case.due_provisional, completed=Case.completed_on))
    stmt = _names(stmt.select_from(Case), Case.handler_id).outerjoin(
        SupervisionNotice, and_(SupervisionNotice.case_id == Case.id, SupervisionNotice.color == CardColor.RED))
    stmt = stmt.where(Case.due_on.is_not(None), late, Case.status != CaseStatus.REJECTED)
    if case_id is not None:
        stmt = stmt.where(Case.id == case_id)
    return _narrow(scoped(stmt, Case, actor), f, due=Case.due_on, completed=Case.completed_on, handler=Case.handler_id)


def _statement(actor: Actor, f: Filters, today: dt.date, *, case_id: int | None = None,
               step_id: int | None = None, red: bool = True, yellow: bool = True):
    actor.require("supervision.read")
    f.check()
    halves = []
    if yellow and f.color in ("", CardColor.YELLOW):
        halves.append(_yellow(actor, f, today, case_id, step_id))
    if red and f.color in ("", CardColor.RED):
        halves.append(_red(actor, f, today, case_id))
    if not halves:
        return None
    card = (union_all(*halves) if len(halves) > 1 else halves[0]).subquery("card")
    column = {"due": card.c.due_on, "number": card.c.number, "color": card.c.color,
              "department": card.c.department, "completed": card.c.completed_on}[f.sort]
    order = (column.desc() if f.descending else column.asc()).nulls_last()
    tie = (card.c.case_id.desc(), card.c.step_id.desc()) if f.descending else (card.c.case_id, card.c.step_id)
    return select(card).order_by(order, *tie)


class _Lateness:
    """Working days each card ran over, on its center's calendar (read once per center)."""

    def __init__(self, session: Session, today: dt.date):
        self.session, self.today, self.calendars = session, today, {}

    def __call__(self, center_id: int, due: dt.date, completed: dt.date | None) -> int:
        if center_id not in self.calendars:
            self.calendars[center_id] = calendar.get_calendar(self.session, center_id=center_id)
        return self.calendars[center_id].get_working_days_delta(due, completed or self.today)


def _card(row, actor: Actor, lateness: _Lateness) -> Card:
    applicant = row.applicant_name
    if row.applicant_type == ApplicantType.PERSON and not actor.can("personal.read"):
        applicant = mask_name(applicant)
    return Card(color=row.color, case_id=row.case_id, step_id=row.step_id, center_id=row.center_id,
                department_id=row.department_id, department=row.department or "", handler_id=row.handler_id,
                handler=row.handler or "", step_name=row.step_name or "", due_on=row.due_on,
                due_provisional=bool(row.due_provisional), completed_on=row.completed_on, number=row.number,
                applicant=applicant, item=row.item or "", notice_id=row.notice_id, notice_status=row.notice_status,
                notice_number=row.notice_number,
                days_late=lateness(row.center_id, row.due_on, row.completed_on))


def list_cards(session: Session, *, actor: Actor, filters: Filters, page: int = 1, per_page: int = 20) -> Page[Card]:
    today = clock.today()
    stmt = _statement(actor, filters, today)
    if page > DB_INT_MAX:  # an offset past what the database takes
        raise ValidationFailed("页码过大", field="page")
    page, per_page = max(1, page), min(max(1, per_page), 200)
    if stmt is None:
        return Page(items=[], total=0, page=page, per_page=per_page)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    lateness = _Lateness(session, today)
    return Page(items=[_card(r, actor, lateness) for r in rows], total=total, page=page, per_page=per_page)


def all_cards(session: Session, *, actor: Actor, filters: Filters) -> list[Card]:
    """Every matching card, in the list's order (the export and the breach list)."""
    today = clock.today()
    stmt = _statement(actor, filters, today)
    if stmt is None:
        return []
    lateness = _Lateness(session, today)
    return [_card(r, actor, lateness) for r in session.execute(stmt)]


def card_for(session: Session, *, actor: Actor, case_id: int, step_id: int | None) -> Card | None:
    """The card of a step (yellow) or of a case (red) as it stands today, or None when it did not run over."""
    stmt = _statement(actor, Filters(), clock.today(), case_id=case_id, step_id=step_id,
                      red=step_id is None, yellow=step_id is not None)
    row = session.execute(stmt).first() if stmt is not None else None
    return _card(row, actor, _Lateness(session, clock.today())) if row else None


def counts(session: Session, *, actor: Actor, filters: Filters) -> dict[tuple[dt.date, str, str | None], int]:
    """{(due day, color, department name): cards} of the matching cards, counted in the database (a report's figures need
    no rows, where a large center's year holds tens of thousands of cards)."""
    stmt = _statement(actor, filters, clock.today())
    if stmt is None:
        return {}
    card = stmt.subquery("listed")
    keys = (card.c.due_on, card.c.color, card.c.department)
    return {(due, color, department): int(n) for due, color, department, n in
            session.execute(select(*keys, func.count()).group_by(*keys))}
