"""The indicator catalogue as a list: one point type's indicators, filtered by frequency and state, searched in
code, name, content and method, sorted, and exported as XLSX (what the supervisors hand to the team)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.inspections import rules
from xiaoneng.inspections.models import Indicator
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet

SORTS = {"seq": Indicator.seq, "code": Indicator.code, "name": Indicator.name, "frequency": Indicator.frequency}
STATES = {"active": "启用", "inactive": "已停用"}


@dataclass(frozen=True)
class Filters:
    point_type: str
    q: str = ""
    frequency: str = ""
    state: str = ""
    sort: str = "seq"
    descending: bool = False


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("inspections.read")
    stmt = select(Indicator).where(Indicator.center_id == actor.center_id, Indicator.point_type == f.point_type)
    if f.frequency:
        if f.frequency not in set(rules.Frequency):
            raise ValidationFailed("频次不正确", field="frequency")
        stmt = stmt.where(Indicator.frequency == f.frequency)
    if f.state:
        if f.state not in STATES:
            raise ValidationFailed("状态不正确", field="state")
        stmt = stmt.where(Indicator.active.is_(f.state == "active"))
    stmt = search(stmt, f.q, Indicator.code, Indicator.name, Indicator.content, Indicator.method, Indicator.category)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    return stmt.order_by(column.desc() if f.descending else column.asc(), Indicator.seq, Indicator.code)


def listing(session: Session, *, actor: Actor, filters: Filters) -> list[Indicator]:
    return list(session.scalars(_statement(actor, filters)))  # a point type has some thirty: one page


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    def rows():
        for i in listing(session, actor=actor, filters=filters):
            yield [i.code, i.name, i.category, i.content, i.method, rules.FREQUENCY_LABELS[rules.Frequency(i.frequency)],
                   STATES["active" if i.active else "inactive"]]

    columns = [Column("编号"), Column("指标", width=24), Column("类别", width=18), Column("检查内容", width=50),
               Column("检查方法", width=40), Column("频次"), Column("状态")]
    return Sheet(name="巡查指标", title=title, columns=columns, rows=rows())
