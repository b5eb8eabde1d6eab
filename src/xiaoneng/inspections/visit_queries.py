"""The visits and the phone checks as lists: filtered, searched, sorted, paged and exported (supervisors and
leaders; the units see findings only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.inspections import rules
from xiaoneng.inspections.models import InspectionFinding, PhoneCheck, Visit
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet, yes_no
from xiaoneng.org import service as org
from xiaoneng.org.models import ServicePoint

VISIT_SORTS = {"day": Visit.day, "point": ServicePoint.name, "type": ServicePoint.point_type, "kind": Visit.kind,
               "status": Visit.status}


@dataclass(frozen=True)
class VisitFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    point_type: str = ""
    inspector_id: int | None = None
    plan_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "day"
    descending: bool = False


def _visits(actor: Actor, f: VisitFilters) -> Select:
    actor.require("inspections.read")
    stmt = select(Visit).join(ServicePoint, ServicePoint.id == Visit.point_id).where(Visit.center_id == actor.center_id)
    if f.kind:
        if f.kind not in set(rules.VisitKind):
            raise ValidationFailed("巡查类型不正确", field="kind")
        stmt = stmt.where(Visit.kind == f.kind)
    if f.status:
        if f.status not in set(rules.VisitStatus):
            raise ValidationFailed("巡查状态不正确", field="status")
        stmt = stmt.where(Visit.status == f.status)
    if f.point_type:
        stmt = stmt.where(ServicePoint.point_type == f.point_type)
    if f.inspector_id:
        stmt = stmt.where(Visit.inspector_id == f.inspector_id)
    if f.plan_id:
        stmt = stmt.where(Visit.plan_id == f.plan_id)
    if f.start:
        stmt = stmt.where(Visit.day >= f.start)
    if f.end:
        stmt = stmt.where(Visit.day <= f.end)
    stmt = search(stmt, f.q, ServicePoint.name, ServicePoint.code)
    column = VISIT_SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, Visit.id.desc() if f.descending else Visit.id.asc())


def list_visits(session: Session, *, actor: Actor, filters: VisitFilters, page: int = 1,
                per_page: int = 50) -> Page[Visit]:
    return paginate(session, _visits(actor, filters), page=page, per_page=per_page)


def points_of(session: Session, visits) -> dict[int, ServicePoint]:
    ids = {v.point_id for v in visits}
    return {p.id: p for p in session.scalars(select(ServicePoint).where(ServicePoint.id.in_(ids)))} if ids else {}


def finding_counts(session: Session, visit_ids) -> dict[int, int]:
    ids = list(visit_ids)
    if not ids:
        return {}
    return dict(session.execute(select(InspectionFinding.visit_id, func.count()).where(
        InspectionFinding.visit_id.in_(ids)).group_by(InspectionFinding.visit_id)).all())


def visit_state(visit: Visit) -> str:
    text = rules.VISIT_STATUS_LABELS[rules.VisitStatus(visit.status)]
    if visit.kind == rules.VisitKind.UNANNOUNCED and visit.status == rules.VisitStatus.RECORDED:
        text += "，已发布" if visit.published_at else "，待发布"
    return text


def visits_sheet(session: Session, *, actor: Actor, filters: VisitFilters, title: str) -> Sheet:
    names = {s.id: s.full_name for s in org.staff_choices(session, center_id=actor.center_id)}

    def rows():
        offset = 0
        while True:
            chunk = list(session.scalars(_visits(actor, filters).limit(500).offset(offset)))
            if not chunk:
                return
            points, counts = points_of(session, chunk), finding_counts(session, [v.id for v in chunk])
            for v in chunk:
                point = points[v.point_id]
                yield [v.day, rules.KIND_LABELS[rules.VisitKind(v.kind)], point.code, point.name, point.point_type,
                       names.get(v.inspector_id, ""), len(v.indicator_ids), v.halves / 2, visit_state(v),
                       counts.get(v.id, 0)]
            offset += 500

    columns = [Column("巡查日期", "date"), Column("类型"), Column("点位编码", width=10), Column("点位", width=28),
               Column("点位类型", width=16), Column("巡查人员"), Column("检查指标数", "int"), Column("人天", "number"),
               Column("状态", width=12), Column("发现问题", "int")]
    return Sheet(name="巡查记录", title=title, columns=columns, rows=rows())


# ---- phone checks -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PhoneFilters:
    q: str = ""
    result: str = ""  # ok | problem
    start: dt.date | None = None
    end: dt.date | None = None
    descending: bool = True


def _checks(actor: Actor, f: PhoneFilters) -> Select:
    actor.require("inspections.read")
    stmt = select(PhoneCheck).join(ServicePoint, ServicePoint.id == PhoneCheck.point_id).where(
        PhoneCheck.center_id == actor.center_id)
    if f.result == "ok":
        stmt = stmt.where(PhoneCheck.passed.is_(True))
    elif f.result == "problem":
        stmt = stmt.where(PhoneCheck.passed.is_(False))
    elif f.result:
        raise ValidationFailed("结果筛选不正确", field="result")
    if f.start:
        stmt = stmt.where(PhoneCheck.called_at >= dt.datetime.combine(f.start, dt.time(), TZ))
    if f.end:
        stmt = stmt.where(PhoneCheck.called_at < dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time(), TZ))
    stmt = search(stmt, f.q, ServicePoint.name, PhoneCheck.phone, PhoneCheck.question)
    order = PhoneCheck.called_at.desc() if f.descending else PhoneCheck.called_at.asc()
    return stmt.order_by(order, PhoneCheck.id.desc())


def list_checks(session: Session, *, actor: Actor, filters: PhoneFilters, page: int = 1) -> Page[PhoneCheck]:
    return paginate(session, _checks(actor, filters), page=page, per_page=20)


def checks_sheet(session: Session, *, actor: Actor, filters: PhoneFilters, title: str) -> Sheet:
    names = {s.id: s.full_name for s in org.staff_choices(session, center_id=actor.center_id)}

    def rows():
        checks = list(session.scalars(_checks(actor, filters)))
        points = points_of(session, checks)
        for c in checks:
            yield [c.called_at, points[c.point_id].name, c.phone, yes_no(c.connected),
                   c.rings, "" if c.answered_correctly is None else yes_no(c.answered_correctly), c.question,
                   "；".join(c.problems) or "合格", names.get(c.checker_id, ""), "已发布" if c.published_at else "待发布"]

    columns = [Column("拨打时间", "datetime"), Column("点位", width=28), Column("电话", width=14), Column("接通"),
               Column("铃声次数", "int"), Column("答复准确"), Column("咨询问题", width=30), Column("结果", width=30),
               Column("巡查人员"), Column("发布")]
    return Sheet(name="电话暗访", title=title, columns=columns, rows=rows())
