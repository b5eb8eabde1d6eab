"""The produced reports as a list: filtered by kind, year and how they were produced, searched in the period and the
producer's name, sorted, paged and exported."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.reports import rules
from xiaoneng.reports.models import Report

SORTS = {"period": Report.start, "created": Report.created_at, "kind": Report.kind}
HOW = {"job": "定时生成", "hand": "手动生成"}


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: str = ""
    how: str = ""
    q: str = ""
    sort: str = "period"
    descending: bool = True


def statement(actor: Actor, f: Filters) -> Select:
    actor.require("reports.read")
    stmt = scoped(select(Report), Report, actor)
    if f.kind:
        if f.kind not in rules.KIND_LABELS:
            raise ValidationFailed("报告类型不正确", field="kind")
        stmt = stmt.where(Report.kind == f.kind)
    if f.year:
        period = rules.parse_year(f.year)
        stmt = stmt.where(Report.start >= period.start, Report.start <= period.end)
    if f.how:
        if f.how not in HOW:
            raise ValidationFailed("生成方式不正确", field="how")
        stmt = stmt.where(Report.scheduled.is_(f.how == "job"))
    stmt = search(stmt, f.q, Report.period_key, Report.created_by_name)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, Report.version.desc(), Report.id.desc())


def list_reports(session: Session, *, actor: Actor, filters: Filters, page: int = 1, per_page: int = 20) -> Page:
    return paginate(session, statement(actor, filters), page=page, per_page=per_page)


def period_label(report: Report) -> str:
    return rules.Period(report.kind, report.start, report.end).label


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    columns = [Column("报告", width=16), Column("统计期间", width=14), Column("版本", "int"), Column("生成方式"),
               Column("生成人", width=12), Column("生成时间", "datetime"), Column("主要情况", width=80)]

    def rows():
        for r in session.scalars(statement(actor, filters)):
            yield [rules.TITLES[r.kind], period_label(r), r.version, HOW["job" if r.scheduled else "hand"],
                   "系统" if r.scheduled else r.created_by_name, r.created_at, "".join(r.summary[:2])]

    return Sheet(name="政务服务报告", title=title, columns=columns, rows=rows())
