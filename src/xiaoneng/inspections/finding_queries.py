"""The findings as a list: filtered by state, unit, point type, kind, repeats and dates, searched, sorted, paged and
exported; a department head sees only its own unit's, and none held back by an unpublished 暗访."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.inspections import catalogue, rules
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.kit import clock
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org.models import Department, ServicePoint

SORTS = {"found": InspectionFinding.found_on, "due": InspectionFinding.due_on, "number": InspectionFinding.number,
         "status": InspectionFinding.status, "point": ServicePoint.name}
STATE_FILTERS = {"open": "待整改", "overdue": "逾期未整改", "answered": "已反馈待复查", "closed": "已销号",
                 "held": "暗访待发布"}
KIND_LABELS = {**{k.value: v for k, v in rules.KIND_LABELS.items()}, "phone": "电话暗访"}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    state: str = ""
    kind: str = ""
    department_id: int | None = None
    point_type: str = ""
    repeated: bool = False
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "found"
    descending: bool = True


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("inspections.findings")
    today = clock.today()
    stmt = select(InspectionFinding).join(ServicePoint, ServicePoint.id == InspectionFinding.point_id).where(
        InspectionFinding.center_id == actor.center_id)
    if actor.department_scoped:
        stmt = stmt.where(InspectionFinding.department_id == actor.department_id,
                          InspectionFinding.status != rules.FindingStatus.HELD)
    elif f.department_id:
        stmt = stmt.where(InspectionFinding.department_id == f.department_id)
    if f.state:
        condition = {
            "open": InspectionFinding.status == rules.FindingStatus.OPEN,
            "overdue": (InspectionFinding.status == rules.FindingStatus.OPEN) & (InspectionFinding.due_on < today),
            "answered": InspectionFinding.status == rules.FindingStatus.ANSWERED,
            "closed": InspectionFinding.status == rules.FindingStatus.CLOSED,
            "held": InspectionFinding.status == rules.FindingStatus.HELD,
        }.get(f.state)
        if condition is None:
            raise ValidationFailed("问题状态不正确", field="state")
        stmt = stmt.where(condition)
    if f.kind:
        if f.kind not in KIND_LABELS:
            raise ValidationFailed("发现方式不正确", field="kind")
        stmt = stmt.where(InspectionFinding.kind == f.kind)
    if f.point_type:
        stmt = stmt.where(ServicePoint.point_type == f.point_type)
    if f.repeated:
        stmt = stmt.where(InspectionFinding.repeat_count > 1)
    if f.start:
        stmt = stmt.where(InspectionFinding.found_on >= f.start)
    if f.end:
        stmt = stmt.where(InspectionFinding.found_on <= f.end)
    stmt = search(stmt, f.q, InspectionFinding.number, InspectionFinding.description, ServicePoint.name,
                  ServicePoint.code)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, InspectionFinding.id.desc() if f.descending else InspectionFinding.id.asc())


def list_findings(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                  per_page: int = 20) -> Page[InspectionFinding]:
    return paginate(session, _statement(actor, filters), page=page, per_page=per_page)


@dataclass(frozen=True)
class Names:
    points: dict[int, ServicePoint]
    departments: dict[int, str]
    indicators: dict[int, str]


def names_for(session: Session, center_id: int, rows: list[InspectionFinding]) -> Names:
    points = {p.id: p for p in session.scalars(select(ServicePoint).where(
        ServicePoint.id.in_({r.point_id for r in rows})))} if rows else {}
    departments = dict(session.execute(select(Department.id, Department.name).where(
        Department.center_id == center_id)).all())
    indicators = {i.id: i.name for i in catalogue.indicators(session, center_id=center_id)}
    return Names(points, departments, indicators)


def state_text(finding: InspectionFinding, today: dt.date) -> str:
    text = rules.FINDING_STATUS_LABELS[rules.FindingStatus(finding.status)]
    if rules.is_overdue(finding.status, finding.due_on, today, finding.answered_on):
        text += "（逾期）" if finding.status == rules.FindingStatus.OPEN else "（逾期反馈）"
    return text


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    today = clock.today()

    def rows():
        offset = 0
        while True:
            chunk = list(session.scalars(_statement(actor, filters).limit(500).offset(offset)))
            if not chunk:
                return
            names = names_for(session, actor.center_id, chunk)
            for f in chunk:
                point = names.points[f.point_id]
                yield [f.number, f.found_on, KIND_LABELS.get(f.kind, ""), point.name, point.point_type,
                       names.indicators.get(f.indicator_id, "电话暗访" if f.kind == "phone" else ""), f.description,
                       names.departments.get(f.department_id, "未指定"), f.due_on, state_text(f, today),
                       f"第 {f.repeat_count} 次" if f.repeat_count > 1 else "", f.answer, f.answered_on, f.closed_on]
            offset += 500

    columns = [Column("问题编号", width=16), Column("发现日期", "date"), Column("发现方式"), Column("点位", width=24),
               Column("点位类型", width=14), Column("指标", width=20), Column("问题描述", width=40),
               Column("责任单位", width=18), Column("整改期限", "date"), Column("状态", width=14), Column("重复发现"),
               Column("整改情况", width=30), Column("反馈日期", "date"), Column("销号日期", "date")]
    return Sheet(name="巡查问题", title=title, columns=columns, rows=rows())
