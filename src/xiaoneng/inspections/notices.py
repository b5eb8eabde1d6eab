"""What a 提示函 (notice letter) on inspection findings needs, per unit: the unit, a title, the problems found and
the deadline to rectify. The letters package lays the document out; this only gathers the facts (S3: 针对焦点问题
向相关单位发送提示函). Findings still held back by an unpublished 暗访 are never in a letter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.errors import NotFound
from xiaoneng.inspections import catalogue, findings, rules
from xiaoneng.inspections.common import get_visit, month_label
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.kit.scope import Actor
from xiaoneng.org.models import Department, ServicePoint


@dataclass(frozen=True)
class NoticeProblem:
    finding_id: int
    number: str
    point: str
    indicator: str
    description: str
    found_on: dt.date
    due_on: dt.date | None
    repeat_count: int  # above 1: found again within the year

    def line(self) -> str:
        repeat = f"（一年内第 {self.repeat_count} 次发现）" if self.repeat_count > 1 else ""
        day = f"{self.found_on.month}月{self.found_on.day}日"
        return f"{day}，{self.point}：{self.indicator}——{self.description}{repeat}"


@dataclass(frozen=True)
class Notice:
    center_id: int
    department_id: int
    unit: str  # 主送机关
    title: str
    problems: list[NoticeProblem]
    deadline: dt.date | None  # the latest due day of the problems
    subject: str = ""  # what was inspected: 政务服务巡查, 11月18日常规巡查某点位, 2026年11月政务服务巡查

    @property
    def finding_ids(self) -> list[int]:
        return [p.finding_id for p in self.problems]


def gather(session: Session, center_id: int, rows: list[InspectionFinding], subject: str) -> list[Notice]:
    """One notice per unit on `rows` (those held back by an unpublished 暗访 or without a unit left out)."""
    rows = [f for f in rows if f.status != rules.FindingStatus.HELD and f.department_id is not None]
    if not rows:
        return []
    points = {p.id: p.name for p in session.scalars(select(ServicePoint).where(
        ServicePoint.id.in_({f.point_id for f in rows})))}
    units = dict(session.execute(select(Department.id, Department.name).where(
        Department.id.in_({f.department_id for f in rows}))).all())
    names = {i.id: i.name for i in catalogue.indicators(session, center_id=center_id)}
    by_unit: dict[int, list[InspectionFinding]] = defaultdict(list)
    for f in sorted(rows, key=lambda f: (f.found_on, f.id)):
        by_unit[f.department_id].append(f)
    out = []
    for department_id, items in sorted(by_unit.items(), key=lambda kv: units.get(kv[0], "")):
        problems = [NoticeProblem(f.id, f.number, points.get(f.point_id, ""),
                                  names.get(f.indicator_id, "咨询电话接通情况"), f.description, f.found_on, f.due_on,
                                  f.repeat_count) for f in items]
        dues = [f.due_on for f in items if f.due_on]
        out.append(Notice(center_id=center_id, department_id=department_id, unit=units.get(department_id, ""),
                          title=f"关于{subject}发现问题的提示函", problems=problems,
                          deadline=max(dues) if dues else None, subject=subject))
    return out


def for_finding(session: Session, *, actor: Actor, finding_id) -> Notice:
    finding = findings.get_finding(session, actor=actor, finding_id=finding_id)
    found = gather(session, finding.center_id, [finding], "政务服务巡查")
    if not found:
        raise NotFound("该问题尚未发布或未指定责任单位，不能发提示函")
    return found[0]


def for_visit(session: Session, *, actor: Actor, visit_id) -> list[Notice]:
    visit = get_visit(session, actor, visit_id)
    rows = list(session.scalars(select(InspectionFinding).where(InspectionFinding.visit_id == visit.id)))
    point = session.get(ServicePoint, visit.point_id)
    subject = f"{visit.day.month}月{visit.day.day}日{rules.KIND_LABELS[rules.VisitKind(visit.kind)]}{point.name}"
    return gather(session, visit.center_id, rows, subject)


def for_month(session: Session, *, actor: Actor, month: dt.date) -> list[Notice]:
    """One notice per unit on the findings of a month's inspections still to rectify (the monthly 提示函)."""
    actor.require("inspections.read")
    first = month.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)
    rows = list(session.scalars(select(InspectionFinding).where(
        InspectionFinding.center_id == actor.center_id, InspectionFinding.found_on >= first,
        InspectionFinding.found_on < after, InspectionFinding.status == rules.FindingStatus.OPEN)))
    return gather(session, actor.center_id, rows, f"{month_label(first)}政务服务巡查")
