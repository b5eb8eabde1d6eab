"""The indicator catalogue (巡查指标) as data: seeded from S3 per point type, edited by the supervisors, audited."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import catalogue_seed, rules
from xiaoneng.inspections.models import Indicator
from xiaoneng.kit.edits import actor_center_id, apply_changes, check, clean_text, record_id
from xiaoneng.kit.fields import code_problem, text_problem
from xiaoneng.kit.scope import Actor

NAME_MAX, TEXT_MAX, CATEGORY_MAX = 100, 1000, 50


def indicators(session: Session, *, center_id: int, point_type: str | None = None,
               active_only: bool = False) -> list[Indicator]:
    stmt = select(Indicator).where(Indicator.center_id == center_id)
    if point_type:
        stmt = stmt.where(Indicator.point_type == point_type)
    if active_only:
        stmt = stmt.where(Indicator.active.is_(True))
    return list(session.scalars(stmt.order_by(Indicator.point_type, Indicator.seq, Indicator.code)))


def by_ids(session: Session, ids) -> dict[int, Indicator]:
    ids = {int(i) for i in ids if i}
    if not ids:
        return {}
    return {i.id: i for i in session.scalars(select(Indicator).where(Indicator.id.in_(ids)))}


def seed(session: Session, *, actor: Actor) -> int:
    """The S3 checks for every inspected point type the center has none of yet; returns how many were added."""
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    have = set(session.scalars(select(Indicator.point_type).where(Indicator.center_id == center_id).distinct()))
    added = 0
    for point_type in catalogue_seed.INSPECTED_TYPES:
        if point_type in have:
            continue
        for seq, (code, category, name, content, method, frequency) in enumerate(
                catalogue_seed.checks_for(point_type), start=1):
            session.add(Indicator(center_id=center_id, point_type=point_type, code=code, seq=seq, name=name,
                                  category=category, content=content, method=method,
                                  frequency=rules.parse_frequency(frequency)))
            added += 1
    if not added:
        raise Conflict("各类点位的巡查指标已建立，无需重复导入", field="catalogue")
    session.flush()
    audit.record(session, actor=actor, action="inspection.seed", entity="inspection_indicator", entity_id=center_id,
                 center_id=center_id, detail={"added": added, "source": "S3 工作内容清单"})
    return added


def _values(name, content, method, frequency, category) -> dict:
    values = {"name": clean_text(name), "content": clean_text(content), "method": clean_text(method),
              "category": clean_text(category)}
    check("name", text_problem(values["name"], label="指标名称", max_len=NAME_MAX))
    check("content", text_problem(values["content"], label="检查内容", max_len=TEXT_MAX, required=False))
    check("method", text_problem(values["method"], label="检查方法", max_len=TEXT_MAX))
    check("category", text_problem(values["category"], label="所属清单", max_len=CATEGORY_MAX, required=False))
    values["frequency"] = rules.parse_frequency(frequency)
    return values


def update(session: Session, *, actor: Actor, indicator_id, name, content, method, frequency, category="",
           active=True) -> Indicator:
    actor.require("inspections.manage")
    indicator = session.get(Indicator, record_id(indicator_id))
    if indicator is None or indicator.center_id != actor.center_id:
        raise NotFound("巡查指标不存在")
    values = {**_values(name, content, method, frequency, category), "active": bool(active)}
    changed = apply_changes(indicator, values)
    if changed:
        session.flush()
        audit.record(session, actor=actor, action="inspection.update", entity="inspection_indicator", entity_id=indicator.id,
                     center_id=indicator.center_id,
                     detail={"point_type": indicator.point_type, "code": indicator.code,
                             **{k: v for k, v in changed.items() if k not in ("content", "method")},
                             **({"text_changed": True} if {"content", "method"} & set(changed) else {})})
    return indicator


def add(session: Session, *, actor: Actor, point_type: str, code: str, name, content, method, frequency,
        category="") -> Indicator:
    actor.require("inspections.manage")
    center_id = actor_center_id(actor)
    if point_type not in [str(t) for t in catalogue_seed.INSPECTED_TYPES]:
        raise ValidationFailed("请选择点位类型（区级大厅、街道综合便民服务中心、社区便民服务室、智能自助政务服务点）",
                               field="point_type")
    code = clean_text(code).upper()
    check("code", code_problem(code, label="指标编号", max_len=16))
    values = _values(name, content, method, frequency, category)
    taken = session.scalar(select(func.count()).select_from(Indicator).where(
        Indicator.center_id == center_id, Indicator.point_type == point_type, Indicator.code == code))
    if taken:
        raise ValidationFailed(f"{point_type}已有编号为 {code} 的指标", field="code")
    last = session.scalar(select(func.max(Indicator.seq)).where(
        Indicator.center_id == center_id, Indicator.point_type == point_type)) or 0
    indicator = Indicator(center_id=center_id, point_type=point_type, code=code, seq=last + 1, **values)
    session.add(indicator)
    session.flush()
    audit.record(session, actor=actor, action="inspection.create", entity="inspection_indicator", entity_id=indicator.id,
                 center_id=center_id, detail={"point_type": point_type, "code": code, "name": values["name"],
                                              "frequency": values["frequency"]})
    return indicator
