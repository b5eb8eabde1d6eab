"""Findings (问题): a failed indicator becomes one, owned by the point's unit, due in working days from the day the
unit learns of it (a 暗访's publication), marked when the same indicator failed at the point within the year;
the unit reports it rectified, a re-inspection closes it or opens it again. Every change audited, the unit told."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import rules, setup
from xiaoneng.inspections.models import Indicator, InspectionFinding, Reinspection, Visit
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org.models import Department, ServicePoint

ANSWER_MAX = 2000


def _number(session: Session, center_id: int, day: dt.date) -> str:
    prefix = "WT" + day.strftime("%Y%m%d")
    count = session.scalar(select(func.count()).select_from(InspectionFinding).where(
        InspectionFinding.center_id == center_id, InspectionFinding.number.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1:04d}"


def _repeat(session: Session, point_id: int, code: str, found_on: dt.date) -> rules.Repeat:
    earlier = session.execute(select(InspectionFinding.id, InspectionFinding.found_on).where(
        InspectionFinding.point_id == point_id, InspectionFinding.indicator_code == code,
        InspectionFinding.found_on >= found_on - dt.timedelta(days=rules.REPEAT_WINDOW_DAYS),
        InspectionFinding.found_on <= found_on)).all()
    return rules.repeat_of(found_on, [rules.EarlierFinding(i, d) for i, d in earlier])


def open_finding(session: Session, *, actor: Actor, point: ServicePoint, indicator: Indicator | None, kind: str,
                 description: str, found_on: dt.date, held: bool, visit_id: int | None = None,
                 phone_check_id: int | None = None) -> InspectionFinding:
    """One finding at `point`; held back from the unit (no due day yet) when found by a 暗访 not yet published."""
    center_id = point.center_id
    code = indicator.code if indicator else ""
    repeat = _repeat(session, point.id, code, found_on) if code else rules.Repeat(None, 1)
    days = setup.settings_for(session, center_id).finding_days
    finding = InspectionFinding(
        center_id=center_id, number=_number(session, center_id, found_on),
        department_id=setup.point_units(session, center_id).get(point.id), point_id=point.id,
        indicator_id=indicator.id if indicator else None, indicator_code=code, visit_id=visit_id,
        phone_check_id=phone_check_id, kind=kind, description=description[:rules.DESCRIPTION_MAX], found_on=found_on,
        deadline_days=days, status=rules.FindingStatus.HELD if held else rules.FindingStatus.OPEN,
        repeat_of_id=repeat.of_id, repeat_count=repeat.count)
    session.add(finding)
    session.flush()
    if not held:
        _notify_unit(session, finding, clock.today())
    audit.record(session, actor=actor, action="inspection.open", entity="inspection_finding", entity_id=finding.id,
                 center_id=center_id, detail={"number": finding.number, "point": point.name, "indicator": code,
                                              "held": held, "repeat": repeat.count, "due_on": _iso(finding.due_on)})
    return finding


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _notify_unit(session: Session, finding: InspectionFinding, today: dt.date) -> None:
    """The unit learns of it today: the deadline runs from here, its head is told."""
    work = calendar.get_calendar(session, center_id=finding.center_id)
    finding.notified_on = today
    finding.due_on = rules.finding_due(today, finding.deadline_days, work)
    session.flush()
    if finding.department_id is None:
        return
    point = session.get(ServicePoint, finding.point_id)
    repeat = f"（第 {finding.repeat_count} 次发现）" if finding.repeat_count > 1 else ""
    notifications.notify_role(
        session, center_id=finding.center_id, role=Role.DEPT_HEAD, department_id=finding.department_id,
        kind="inspection_finding", title=f"巡查问题 {finding.number}：{point.name}{repeat}，请于 "
        f"{finding.due_on.isoformat()} 前整改并反馈", body=finding.description,
        link=f"/inspections/findings/{finding.id}", key=f"inspection-finding:{finding.id}:{finding.due_on}")


def release(session: Session, *, actor: Actor, findings: list[InspectionFinding], today: dt.date) -> None:
    """Findings held back by a 暗访 reach their units now (the 暗访 is published)."""
    for finding in findings:
        if finding.status == rules.FindingStatus.HELD:
            finding.status = rules.FindingStatus.OPEN
            _notify_unit(session, finding, today)
            audit.record(session, actor=actor, action="inspection.release", entity="inspection_finding", entity_id=finding.id,
                         center_id=finding.center_id, detail={"number": finding.number, "due_on": _iso(finding.due_on)})


def get_finding(session: Session, *, actor: Actor, finding_id) -> InspectionFinding:
    """A finding the actor may see: the center's for supervisors and leaders, a unit's own once it may know it."""
    actor.require("inspections.findings")
    finding = session.get(InspectionFinding, record_id(finding_id))
    if finding is None or finding.center_id != actor.center_id:
        raise NotFound()
    if actor.department_scoped and (finding.department_id != actor.department_id
                                    or finding.status == rules.FindingStatus.HELD):
        raise NotFound()
    return finding


def answer(session: Session, *, actor: Actor, finding_id, text: str) -> InspectionFinding:
    """整改反馈: the unit reports what it did; the supervisors are asked to re-inspect."""
    actor.require("inspections.answer")
    finding = get_finding(session, actor=actor, finding_id=finding_id)
    if finding.status != rules.FindingStatus.OPEN:
        raise Conflict(f"问题 {finding.number} 当前为“{rules.FINDING_STATUS_LABELS[finding.status]}”，不能反馈",
                       field="status")
    text = clean_text(text)
    check("answer", text_problem(text, label="整改情况", max_len=ANSWER_MAX))
    today = clock.today()
    finding.status, finding.answer, finding.answered_on, finding.answered_by_id = (
        rules.FindingStatus.ANSWERED, text, today, actor.user_id)
    session.flush()
    late = rules.is_overdue(finding.status, finding.due_on, today, today)
    audit.record(session, actor=actor, action="inspection.answer", entity="inspection_finding", entity_id=finding.id,
                 center_id=finding.center_id, detail={"number": finding.number, "late": late})
    notifications.notify_role(session, center_id=finding.center_id, role=Role.SUPERVISOR,
                              kind="inspection_finding_answered",
                              title=f"巡查问题 {finding.number} 已反馈整改{'（逾期）' if late else ''}，请安排复查",
                              body=text, link=f"/inspections/findings/{finding.id}",
                              key=f"inspection-finding-answered:{finding.id}:{finding.failed_reinspections}")
    return finding


def assign_unit(session: Session, *, actor: Actor, finding_id, department_id) -> InspectionFinding:
    """The supervisors name (or change) the unit that answers for a finding."""
    actor.require("inspections.manage")
    finding = get_finding(session, actor=actor, finding_id=finding_id)
    if finding.status == rules.FindingStatus.CLOSED:
        raise Conflict("已销号的问题不能更改责任单位", field="status")
    department = session.get(Department, record_id(department_id)) if str(department_id or "").strip() else None
    if department is None or department.center_id != finding.center_id:
        raise ValidationFailed("请选择本中心的责任单位", field="department_id")
    before = finding.department_id
    finding.department_id = department.id
    session.flush()
    audit.record(session, actor=actor, action="inspection.assign", entity="inspection_finding", entity_id=finding.id,
                 center_id=finding.center_id, detail={"number": finding.number, "unit": department.name,
                                                      "changed": before is not None})
    if finding.status == rules.FindingStatus.OPEN and finding.due_on:
        point = session.get(ServicePoint, finding.point_id)
        notifications.notify_role(
            session, center_id=finding.center_id, role=Role.DEPT_HEAD, department_id=department.id,
            kind="inspection_finding", title=f"巡查问题 {finding.number}：{point.name}，请于 "
            f"{finding.due_on.isoformat()} 前整改并反馈", body=finding.description,
            link=f"/inspections/findings/{finding.id}", key=f"inspection-finding:{finding.id}:{department.id}")
    return finding


def reinspections_of(session: Session, finding: InspectionFinding) -> list[Visit]:
    return list(session.scalars(select(Visit).join(Reinspection, Reinspection.visit_id == Visit.id).where(
        Reinspection.finding_id == finding.id).order_by(Visit.day, Visit.id)))


def finding_of_reinspection(session: Session, visit: Visit) -> InspectionFinding | None:
    return session.scalar(select(InspectionFinding).join(Reinspection, Reinspection.finding_id ==
                                                         InspectionFinding.id).where(Reinspection.visit_id == visit.id))


def apply_reinspection(session: Session, *, actor: Actor, visit: Visit, outcome: str, note: str) -> None:
    """A re-inspection's result: passed (or no longer applicable) closes the finding, failed opens it again with
    a new deadline from today."""
    finding = finding_of_reinspection(session, visit)
    if finding is None or finding.status == rules.FindingStatus.CLOSED:
        return
    if outcome == rules.Outcome.FAIL:
        finding.status, finding.failed_reinspections = rules.FindingStatus.OPEN, finding.failed_reinspections + 1
        finding.answered_on = None
        _notify_unit(session, finding, clock.today())
        action = "inspection.reopen"
    else:
        finding.status, finding.closed_on = rules.FindingStatus.CLOSED, visit.day
        session.flush()
        action = "inspection.close"
    audit.record(session, actor=actor, action=action, entity="inspection_finding", entity_id=finding.id,
                 center_id=finding.center_id, detail={"number": finding.number, "visit": visit.id, "note": note[:200],
                                                      "due_on": _iso(finding.due_on)})
