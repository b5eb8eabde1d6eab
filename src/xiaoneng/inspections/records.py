"""Visits outside the plan (暗访, 复查) and the record of a visit as the phone sends it: each indicator passed,
failed or not applicable with its note, the photos sent before it under the same submission key, the findings of
what failed. A record sent again with its key is the one already stored; a 暗访's findings wait for publication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import catalogue, findings, photos, rules, setup
from xiaoneng.inspections.common import get_point, get_visit
from xiaoneng.inspections.models import Indicator, InspectionFinding, Photo, Reinspection, Result, Visit
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, parse_date, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org.models import ServicePoint

NOTES_MAX = 2000


def _inspector(session: Session, center_id: int, inspector_id) -> int:
    ids = {person.id for _, person in setup.team(session, center_id=center_id)}
    staff_id = record_id(inspector_id) if str(inspector_id or "").strip() else None
    if staff_id not in ids:
        raise ValidationFailed("请选择巡查人员名单中的人员", field="inspector_id")
    return staff_id


def _day(session: Session, center_id: int, value) -> dt.date:
    day = parse_date(value, "day", required=True)
    if day < clock.today():
        raise ValidationFailed("巡查日期不能早于今天", field="day")
    if not calendar.is_working_day(session, day=day, center_id=center_id):
        info = calendar.explain_day(session, day=day, center_id=center_id)
        raise ValidationFailed(f"{day.isoformat()} 不是工作日（{info.reason}）", field="day")
    return day


def add_unannounced(session: Session, *, actor: Actor, point_id, day, inspector_id, indicator_ids=None) -> Visit:
    """A 暗访 of a point: the inspector poses as a citizen; what it finds is kept from the unit until published."""
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    point = get_point(session, actor, point_id)
    active = catalogue.indicators(session, center_id=center_id, point_type=point.point_type, active_only=True)
    if not active:
        raise ValidationFailed(f"{point.point_type}尚未建立巡查指标", field="point_id")
    chosen = {record_id(i) for i in indicator_ids or [] if str(i).strip()}
    if chosen - {i.id for i in active}:
        raise ValidationFailed("所选指标不属于该类点位", field="indicator_ids")
    visit = Visit(center_id=center_id, kind=rules.VisitKind.UNANNOUNCED, day=_day(session, center_id, day),
                  point_id=point.id, inspector_id=_inspector(session, center_id, inspector_id),
                  halves=setup.budgets(session, center_id)[point.point_type].visit_halves,
                  indicator_ids=[i.id for i in active if not chosen or i.id in chosen])
    session.add(visit)
    session.flush()
    audit.record(session, actor=actor, action="inspection.plan_unannounced", entity="inspection_visit", entity_id=visit.id,
                 center_id=center_id, detail={"point": point.name, "day": visit.day.isoformat(),
                                              "indicators": len(visit.indicator_ids)})
    notifications.notify(session, recipient_id=visit.inspector_id, kind="inspection_visit",
                         title=f"暗访任务：{visit.day.isoformat()} {point.name}", link=f"/inspections/visits/{visit.id}",
                         key=f"inspection-visit:{visit.id}", center_id=center_id)
    return visit


def add_reinspection(session: Session, *, actor: Actor, finding_id, day, inspector_id) -> Visit:
    """复查 of a finding its unit reported rectified: a visit of its point checking its indicator."""
    actor.require("inspections.manage")
    finding = findings.get_finding(session, actor=actor, finding_id=finding_id)
    if finding.status != rules.FindingStatus.ANSWERED:
        raise Conflict("只有已反馈整改的问题才能安排复查", field="status")
    if finding.indicator_id is None:
        raise Conflict("该问题没有对应的巡查指标，无法安排现场复查", field="status")
    pending = session.scalar(select(Visit).join(Reinspection, Reinspection.visit_id == Visit.id).where(
        Reinspection.finding_id == finding.id, Visit.status == rules.VisitStatus.PLANNED))
    if pending is not None:
        raise Conflict(f"该问题已安排 {pending.day.isoformat()} 复查", field="status")
    point = session.get(ServicePoint, finding.point_id)
    visit = Visit(center_id=finding.center_id, kind=rules.VisitKind.REINSPECTION,
                  day=_day(session, finding.center_id, day), point_id=point.id,
                  inspector_id=_inspector(session, finding.center_id, inspector_id),
                  halves=setup.budgets(session, finding.center_id)[point.point_type].visit_halves,
                  indicator_ids=[finding.indicator_id])
    session.add(visit)
    session.flush()
    session.add(Reinspection(finding_id=finding.id, visit_id=visit.id))
    audit.record(session, actor=actor, action="inspection.plan_reinspection", entity="inspection_finding", entity_id=finding.id,
                 center_id=finding.center_id, detail={"number": finding.number, "visit": visit.id,
                                                      "day": visit.day.isoformat()})
    notifications.notify(session, recipient_id=visit.inspector_id, kind="inspection_visit",
                         title=f"复查任务：{visit.day.isoformat()} {point.name}（问题 {finding.number}）",
                         link=f"/inspections/visits/{visit.id}", key=f"inspection-visit:{visit.id}",
                         center_id=finding.center_id)
    return visit


def may_record(actor: Actor, visit: Visit) -> bool:
    """The visit's inspector records it, or a supervisor who manages the inspections."""
    return actor.can("inspections.record") and (actor.user_id == visit.inspector_id or actor.can("inspections.manage"))


def recordable(session: Session, *, actor: Actor, visit_id) -> Visit:
    visit = get_visit(session, actor, visit_id)
    if not may_record(actor, visit):
        raise NotFound()
    return visit


def upload_photo(session: Session, *, actor: Actor, var_dir: Path, visit_id, submission_key, indicator_id, name: str,
                 data: bytes) -> tuple[Photo, bool]:
    """One photo of the record being taken of a visit; the same photo sent again is the one stored."""
    visit = recordable(session, actor=actor, visit_id=visit_id)
    if visit.status != rules.VisitStatus.PLANNED:
        key = photos.check_key(submission_key)
        sha = photos.check_image(data, clean_text(name)).sha256
        stored = session.scalar(select(Photo).where(Photo.submission_key == key, Photo.sha256 == sha,
                                                    Photo.visit_id == visit.id))
        if stored is None:
            raise Conflict("该巡查已有记录，不能再添加照片", field="status")
        return stored, True
    return photos.store(session, actor=actor, var_dir=var_dir, visit=visit, submission_key=submission_key,
                        indicator_id=indicator_id, name=name, data=data)


@dataclass(frozen=True)
class Recorded:
    visit: Visit
    again: bool  # the same record sent again: nothing new was stored
    findings: int


def _parse(results) -> list[rules.ResultInput]:
    if not isinstance(results, list):
        raise ValidationFailed("巡查结果格式不正确", field="results")
    parsed = []
    for item in results:
        if not isinstance(item, dict):
            raise ValidationFailed("巡查结果格式不正确", field="results")
        try:
            outcome = rules.Outcome(str(item.get("outcome", "")))
        except ValueError:
            raise ValidationFailed("每项指标须选择合格、不合格或不适用", field="results") from None
        parsed.append(rules.ResultInput(indicator_id=record_id(item.get("indicator_id")), outcome=outcome,
                                        note=clean_text(item.get("note"))))
    return parsed


def record(session: Session, *, actor: Actor, visit_id, submission_key, results, notes: str = "") -> Recorded:
    actor.require("inspections.record")
    key = photos.check_key(submission_key)
    known = session.scalar(select(Visit).where(Visit.submission_key == key))
    if known is not None:
        if known.id != record_id(visit_id) or known.recorded_by_id != actor.user_id:
            raise Conflict("提交标识已用于另一次巡查，请刷新页面后重试", field="submission_key")
        return Recorded(known, True, 0)
    visit = recordable(session, actor=actor, visit_id=visit_id)
    if visit.status != rules.VisitStatus.PLANNED:
        raise Conflict("该巡查已有记录", field="status")
    if visit.day > clock.today():
        raise ValidationFailed(f"该巡查安排在 {visit.day.isoformat()}，当天才能记录", field="day")
    given = _parse(results)
    indicators = catalogue.by_ids(session, visit.indicator_ids)
    rules.check_results({i: indicators[i].name for i in visit.indicator_ids if i in indicators}, given)
    notes = clean_text(notes)
    check("notes", text_problem(notes, label="巡查说明", max_len=NOTES_MAX, required=False))
    now = clock.now()
    # Claim the visit first: a concurrent resend of the same record waits here, then finds it recorded.
    claimed = session.execute(update(Visit).where(
        Visit.id == visit.id, Visit.status == rules.VisitStatus.PLANNED, Visit.submission_key.is_(None)).values(
        status=rules.VisitStatus.RECORDED, submission_key=key, recorded_at=now, recorded_by_id=actor.user_id,
        notes=notes, published_at=None if visit.kind == rules.VisitKind.UNANNOUNCED else now)).rowcount
    session.expire(visit)
    if not claimed:
        again = session.scalar(select(Visit).where(Visit.submission_key == key))
        if again is not None and again.id == visit.id:
            return Recorded(again, True, 0)
        raise Conflict("该巡查已有记录", field="status")
    session.add_all([Result(visit_id=visit.id, indicator_id=r.indicator_id, outcome=r.outcome, note=r.note)
                     for r in given])
    attached = session.execute(update(Photo).where(Photo.submission_key == key, Photo.uploaded_by_id == actor.user_id,
                                                   Photo.visit_id.is_(None)).values(visit_id=visit.id)).rowcount
    opened = _outcomes(session, actor, visit, given, indicators)
    audit.record(session, actor=actor, action="inspection.record", entity="inspection_visit", entity_id=visit.id,
                 center_id=visit.center_id,
                 detail={"kind": visit.kind, "results": len(given), "photos": attached, "findings": opened,
                         "failed": sum(1 for r in given if r.outcome == rules.Outcome.FAIL)})
    return Recorded(visit, False, opened)


def _outcomes(session: Session, actor: Actor, visit: Visit, given: list[rules.ResultInput],
              indicators: dict[int, Indicator]) -> int:
    if visit.kind == rules.VisitKind.REINSPECTION:
        for r in given:
            findings.apply_reinspection(session, actor=actor, visit=visit, outcome=r.outcome, note=r.note)
        return 0
    point = session.get(ServicePoint, visit.point_id)
    opened = 0
    for r in given:
        if r.outcome == rules.Outcome.FAIL:
            findings.open_finding(session, actor=actor, point=point, indicator=indicators[r.indicator_id],
                                  kind=visit.kind, description=r.note, found_on=visit.day, visit_id=visit.id,
                                  held=visit.kind == rules.VisitKind.UNANNOUNCED)
            opened += 1
    return opened


def publish(session: Session, *, actor: Actor, visit_id) -> Visit:
    """A 暗访's results reach the unit: its findings are released, their deadlines run from today."""
    actor.require("inspections.manage")
    visit = get_visit(session, actor, visit_id)
    if visit.kind != rules.VisitKind.UNANNOUNCED:
        raise Conflict("只有暗访需要发布", field="kind")
    if visit.status != rules.VisitStatus.RECORDED:
        raise Conflict("暗访尚未记录结果，不能发布", field="status")
    if visit.published_at is not None:
        raise Conflict("该暗访已发布", field="status")
    visit.published_at = clock.now()
    held = list(session.scalars(select(InspectionFinding).where(InspectionFinding.visit_id == visit.id)))
    findings.release(session, actor=actor, findings=held, today=clock.today())
    audit.record(session, actor=actor, action="inspection.publish", entity="inspection_visit", entity_id=visit.id,
                 center_id=visit.center_id, detail={"findings": len(held)})
    return visit


def results_of(session: Session, visit: Visit) -> list[Result]:
    return list(session.scalars(select(Result).where(Result.visit_id == visit.id).order_by(Result.id)))


def visit_findings(session: Session, visit: Visit) -> list[InspectionFinding]:
    return list(session.scalars(select(InspectionFinding).where(InspectionFinding.visit_id == visit.id)
                                .order_by(InspectionFinding.id)))


def mine(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Visit]:
    """The actor's visits of those days, planned or recorded."""
    actor.require("inspections.record")
    return list(session.scalars(select(Visit).where(
        Visit.inspector_id == actor.user_id, Visit.day >= start, Visit.day <= end,
        Visit.status != rules.VisitStatus.CANCELLED).order_by(Visit.day, Visit.id)))


def indicators_of(session: Session, visit: Visit) -> list[Indicator]:
    found = catalogue.by_ids(session, visit.indicator_ids)
    return [found[i] for i in visit.indicator_ids if i in found]


def point_of(session: Session, visit: Visit) -> ServicePoint:
    point = session.get(ServicePoint, visit.point_id)
    if point is None:
        raise NotFound()
    return point
