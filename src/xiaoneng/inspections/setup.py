"""What the plans and findings run on, set by the supervisors and audited: each point type's person-days a month
and one visit's length, the rectification deadline and the phone rule, the inspection team, each point's unit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import has_permission
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.inspections import catalogue_seed, rules
from xiaoneng.inspections.models import InspectionSettings, Inspector, PointUnit, TypeBudget
from xiaoneng.inspections.planning import person_days
from xiaoneng.kit.edits import actor_center_id, record_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department, ServicePoint, Staff

PERSON_DAYS_MAX = 999
RING_LIMIT_BOUNDS = (1, 10)


def budgets(session: Session, center_id: int) -> dict[str, TypeBudget]:
    """The center's budgets, the S3 ones for a type nobody has set."""
    found = {b.point_type: b for b in session.scalars(select(TypeBudget).where(TypeBudget.center_id == center_id))}
    for point_type, (days, visit) in catalogue_seed.BUDGETS.items():
        found.setdefault(point_type, TypeBudget(center_id=center_id, point_type=point_type, capacity_halves=days * 2,
                                                visit_halves=visit))
    return found


def _halves(value, field: str, label: str) -> int:
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{label}须为数字（可为 0.5 的倍数）", field=field) from None
    if number != number or number * 2 != int(number * 2) or not 0 <= number <= PERSON_DAYS_MAX:
        raise ValidationFailed(f"{label}须为 0 至 {PERSON_DAYS_MAX} 之间 0.5 的倍数", field=field)
    return int(number * 2)


def update_budget(session: Session, *, actor: Actor, point_type: str, person_days_a_month, visit_days) -> TypeBudget:
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    if point_type not in catalogue_seed.BUDGETS:
        raise ValidationFailed("点位类型不正确", field="point_type")
    capacity = _halves(person_days_a_month, "capacity", f"{point_type}每月人天")
    visit = _halves(visit_days, "visit", f"{point_type}每次巡查人天")
    if visit not in (1, 2):
        raise ValidationFailed(f"{point_type}每次巡查人天须为 0.5 或 1", field="visit")
    row = session.get(TypeBudget, (center_id, point_type))
    before = (row.capacity_halves, row.visit_halves) if row else None
    if row is None:
        row = TypeBudget(center_id=center_id, point_type=point_type, capacity_halves=capacity, visit_halves=visit)
        session.add(row)
    else:
        row.capacity_halves, row.visit_halves = capacity, visit
    session.flush()
    audit.record(session, actor=actor, action="inspection.update", entity="inspection_budget", entity_id=point_type,
                 center_id=center_id,
                 detail={"point_type": point_type, "person_days": [person_days(before[0]) if before else None,
                                                                    person_days(capacity)],
                         "visit_days": [person_days(before[1]) if before else None, person_days(visit)]})
    return row


def settings_for(session: Session, center_id: int) -> InspectionSettings:
    return session.get(InspectionSettings, center_id) or InspectionSettings(
        center_id=center_id, finding_days=rules.DEFAULT_FINDING_DAYS, ring_limit=rules.DEFAULT_RING_LIMIT)


def update_settings(session: Session, *, actor: Actor, finding_days, ring_limit) -> InspectionSettings:
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    values = {}
    for field, value, label, (low, high) in (("finding_days", finding_days, "整改时限", rules.FINDING_DAY_BOUNDS),
                                              ("ring_limit", ring_limit, "接听铃声上限", RING_LIMIT_BOUNDS)):
        text = str(value).strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValidationFailed(f"{label}须为 {low} 至 {high} 之间的整数", field=field)
        values[field] = int(text)
    row = session.get(InspectionSettings, center_id)
    before = settings_for(session, center_id)
    before = {"finding_days": before.finding_days, "ring_limit": before.ring_limit}
    if row is None:
        row = InspectionSettings(center_id=center_id, **values)
        session.add(row)
    else:
        row.finding_days, row.ring_limit = values["finding_days"], values["ring_limit"]
    session.flush()
    audit.record(session, actor=actor, action="inspection.update", entity="inspection_settings", entity_id=center_id,
                 center_id=center_id, detail={k: [before[k], values[k]] for k in values})
    return row


# ---- the team -----------------------------------------------------------------------------------------------------
def team(session: Session, *, center_id: int, active_only: bool = True) -> list[tuple[Inspector, Staff]]:
    stmt = select(Inspector, Staff).join(Staff, Staff.id == Inspector.staff_id).where(Inspector.center_id == center_id)
    if active_only:
        stmt = stmt.where(Inspector.active.is_(True), Staff.active.is_(True))
    return [(i, s) for i, s in session.execute(stmt.order_by(Staff.full_name, Staff.id))]


def set_inspector(session: Session, *, actor: Actor, staff_id, active: bool) -> Inspector:
    """Put a staff member of the center on the team (or take them off); only roles that record visits qualify."""
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    try:
        person = org.get_staff(session, actor=system_actor(center_id), staff_id=record_id(staff_id))
    except NotFound:
        raise ValidationFailed("所选人员不存在或不属于本中心", field="staff_id") from None
    if active and not (person.active and has_permission(person.role, "inspections.record")):
        raise ValidationFailed(f"{person.full_name} 不是效能监察人员，不能承担巡查", field="staff_id")
    row = session.scalar(select(Inspector).where(Inspector.center_id == center_id, Inspector.staff_id == person.id))
    if row is None:
        if not active:
            raise NotFound("该人员不在巡查人员名单中")
        row = Inspector(center_id=center_id, staff_id=person.id, active=True)
        session.add(row)
    else:
        row.active = active
    session.flush()
    audit.record(session, actor=actor, action="inspection.add" if active else "inspection.remove", entity="inspection_inspector",
                 entity_id=row.id, center_id=center_id, detail={"staff": person.full_name})
    return row


# ---- the unit that answers for a point -------------------------------------------------------------------------
def point_units(session: Session, center_id: int) -> dict[int, int]:
    return dict(session.execute(select(PointUnit.point_id, PointUnit.department_id).where(
        PointUnit.center_id == center_id)).all())


def set_point_unit(session: Session, *, actor: Actor, point_id, department_id) -> PointUnit:
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    point = session.get(ServicePoint, record_id(point_id))
    if point is None or point.center_id != center_id:
        raise NotFound("服务点位不存在")
    department = session.get(Department, record_id(department_id)) if str(department_id).strip() else None
    if department is None or department.center_id != center_id:
        raise ValidationFailed("请选择本中心的责任单位", field="department_id")
    row = session.get(PointUnit, point.id)
    before = row.department_id if row else None
    if row is None:
        row = PointUnit(point_id=point.id, center_id=center_id, department_id=department.id)
        session.add(row)
    else:
        row.department_id = department.id
    session.flush()
    audit.record(session, actor=actor, action="inspection.update", entity="inspection_point_unit", entity_id=point.id,
                 center_id=center_id, detail={"point": point.name, "unit": department.name,
                                              "changed": before not in (None, department.id)})
    return row
