"""The letters as a list: filtered by kind, state, department and the day of issue, searched in number, title and
addressee, sorted, paged and exported; a department head sees the issued letters addressed to the department."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, scoped, system_actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.letters import rules
from xiaoneng.letters.models import Letter
from xiaoneng.org import service as org

# Drafts have no issue day: they sort by when they were drafted.
SORTS = {"date": func.coalesce(Letter.issued_at, Letter.drafted_at), "number": Letter.number,
         "kind": Letter.kind, "to": Letter.to_name, "title": Letter.title}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    status: str = ""
    department_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "date"
    descending: bool = True


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("letters.read")
    stmt = scoped(select(Letter), Letter, actor)
    if actor.department_scoped:
        stmt = stmt.where(Letter.status == rules.Status.ISSUED)
    if f.kind:
        if f.kind not in set(rules.Kind):
            raise ValidationFailed("文种不正确", field="kind")
        stmt = stmt.where(Letter.kind == f.kind)
    if f.status:
        if f.status not in set(rules.Status):
            raise ValidationFailed("状态不正确", field="status")
        stmt = stmt.where(Letter.status == f.status)
    if f.department_id:
        stmt = stmt.where(Letter.department_id == f.department_id)
    if f.start and f.end and f.start > f.end:
        raise ValidationFailed("开始日期不能晚于结束日期", field="start")
    if f.start:
        stmt = stmt.where(Letter.dated_on >= f.start)
    if f.end:
        stmt = stmt.where(Letter.dated_on <= f.end)
    stmt = search(stmt, f.q, Letter.number, Letter.title, Letter.to_name)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, Letter.id.desc() if f.descending else Letter.id.asc())


def list_letters(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                 per_page: int = 20) -> Page[Letter]:
    return paginate(session, _statement(actor, filters), page=page, per_page=per_page)


def every_letter(session: Session, *, actor: Actor, filters: Filters):
    """Every matching letter, a chunk at a time (the CLI's list and the export)."""
    stmt, offset = _statement(actor, filters), 0
    while chunk := list(session.scalars(stmt.limit(500).offset(offset))):
        yield from chunk
        offset += 500


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    names = org.staff_names(session, center_id=actor.center_id, staff_ids=set(session.scalars(
        select(Letter.issued_by_id).where(Letter.center_id == actor.center_id, Letter.issued_by_id.is_not(None))
        .distinct())))
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}

    def rows():
        for letter in every_letter(session, actor=actor, filters=filters):
            yield [letter.number or "（未编号）", rules.KIND_LABELS[rules.Kind(letter.kind)],
                   rules.STATUS_LABELS[rules.Status(letter.status)], letter.title, letter.to_name,
                   departments.get(letter.department_id, ""), "、".join(letter.copy_to or []), letter.dated_on,
                   names.get(letter.issued_by_id, ""), letter.paragraphs[0] if letter.paragraphs else ""]

    columns = [Column("发文字号", width=22), Column("文种"), Column("状态"), Column("标题", width=40),
               Column("主送机关", width=20), Column("主送科室", width=16), Column("抄送", width=24),
               Column("成文日期", "date"), Column("印发人"), Column("正文首段", width=60)]
    return Sheet(name="公文", title=title, columns=columns, rows=rows())
