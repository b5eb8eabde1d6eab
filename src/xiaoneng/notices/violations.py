"""One-time-notification violations (E3): a case that needed a later 补正 notice asking for materials its first
notice did not name. Listed per handler (of the first notice, who should have named them) and per department, for
department heads (their department) and supervisors and directors (the center): filtered by department, handler
and month, searched by notice or case number, sorted, paged, exported; and handed to the supervisors' breach list
as kit.breaches.Breach."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.periods import month_last
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.notices import repository as repo
from xiaoneng.notices.models import CaseNotice
from xiaoneng.org import service as org

KIND, KIND_LABEL = "notice_violation", "一次性告知违规"
SORTS = {"issued": CaseNotice.issued_at, "number": CaseNotice.number, "case": CaseNotice.case_number}
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    department_id: int | None = None
    handler_id: int | None = None
    month: str = ""  # YYYY-MM, the month of the later notice
    sort: str = "issued"
    descending: bool = True


@dataclass(frozen=True)
class Violation:
    day: dt.date  # the later notice's
    case_id: int
    case_number: str
    department_id: int
    department: str
    handler_id: int | None  # of the first notice
    handler: str
    first_number: str
    later_number: str
    later_handler: str
    new_materials: tuple[str, ...]

    @property
    def summary(self) -> str:
        return (f"办件 {self.case_number} 的告知书 {self.later_number} 新增了 {self.first_number} 未一次性告知的材料："
                f"{'、'.join(self.new_materials)}")


def month_range(month: str) -> tuple[dt.date | None, dt.date | None]:
    if not month:
        return None, None
    match = _MONTH.fullmatch(month.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationFailed("月份格式应为 YYYY-MM", field="month")
    first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    return first, month_last(first)


def _statement(actor: Actor, f: Filters, *, start=None, end=None) -> Select:
    actor.require("notices.read")
    if f.month:
        start, end = month_range(f.month)
    stmt = repo.violations(actor=actor, department_id=f.department_id, handler_id=f.handler_id, start=start, end=end)
    stmt = search(stmt, f.q, CaseNotice.number, CaseNotice.case_number)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    return stmt.order_by(None).order_by(column.desc() if f.descending else column.asc(),
                                        CaseNotice.id.desc() if f.descending else CaseNotice.id.asc())


def _rows(session: Session, center_id: int, later: list[CaseNotice]) -> list[Violation]:
    firsts = repo.by_ids(session, {n.first_notice_id for n in later if n.first_notice_id})
    reader = system_actor(center_id)
    departments = {d.id: d.name for d in org.department_choices(session, actor=reader)}
    names = org.staff_names(session, center_id=center_id, staff_ids={n.handler_id for n in later}
                            | {f.handler_id for f in firsts.values()})
    found = []
    for n in later:
        first = firsts.get(n.first_notice_id)
        handler_id = first.handler_id if first else None
        found.append(Violation(day=n.issued_on, case_id=n.case_id, case_number=n.case_number,
                               department_id=n.department_id, department=departments.get(n.department_id, ""),
                               handler_id=handler_id, handler=names.get(handler_id, "未指明"),
                               first_number=first.number if first else "", later_number=n.number,
                               later_handler=names.get(n.handler_id, "未指明"),
                               new_materials=tuple(n.new_materials or ())))
    return found


def list_violations(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                    per_page: int = 20) -> Page[Violation]:
    result = paginate(session, _statement(actor, filters), page=page, per_page=per_page)
    return Page(items=_rows(session, actor.center_id, result.items), total=result.total, page=result.page,
                per_page=result.per_page)


def _every(session: Session, stmt: Select, size: int = 500):
    offset = 0
    while chunk := list(session.scalars(stmt.limit(size).offset(offset))):
        yield chunk
        offset += size


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    """Every matching violation (no paging) for the XLSX export."""
    stmt = _statement(actor, filters)

    def rows():
        for chunk in _every(session, stmt):
            for v in _rows(session, actor.center_id, chunk):
                yield [v.day, v.case_number, v.department, v.handler, v.first_number, v.later_number,
                       v.later_handler, "、".join(v.new_materials)]

    columns = [Column("发现日期", "date"), Column("办件编号", width=16), Column("科室", width=14),
               Column("首次告知经办人"), Column("首次告知书编号", width=24), Column("再次告知书编号", width=24),
               Column("再次告知经办人"), Column("新增告知的材料", width=40)]
    return Sheet(name="一次性告知违规", title=title, columns=columns, rows=rows())


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    """The violations whose later notice fell on a day in [start, end], for the supervisors' breach list."""
    later = list(session.scalars(_statement(actor, Filters(), start=start, end=end)))
    return [Breach(kind=KIND, kind_label=KIND_LABEL, day=v.day, center_id=actor.center_id,
                   department_id=v.department_id, department_name=v.department, staff_id=v.handler_id,
                   staff_name=v.handler, summary=v.summary, link=f"/cases/{v.case_id}#notices")
            for v in _rows(session, actor.center_id, later)]
