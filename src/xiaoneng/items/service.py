"""Use cases of service items and their materials: validated, scoped to center and department, audited (SPEC A2)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Forbidden, NotFound, ValidationFailed
from xiaoneng.items import repository as repo
from xiaoneng.items import rules
from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.kit import clock
from xiaoneng.kit import edits
from xiaoneng.kit.edits import actor_center_id as _center_id
from xiaoneng.kit.edits import check as _check
from xiaoneng.kit.edits import clean_text as _text
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible
from xiaoneng.org import service as org

ITEM_FIELDS = ("code", "name", "department_id", "legal_basis", "statutory_limit_days", "promised_limit_days",
               "procedure", "fees", "online", "guide_reviewed_on")
LIMIT_LABELS = {"statutory_limit_days": "法定时限", "promised_limit_days": "承诺时限"}


@dataclass(frozen=True)
class StaleGuide:
    """An active item whose guide is due for review, with the days since its last review (None: never)."""

    item: ServiceItem
    days: int | None


def _bool(value, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    text = _text(value).lower()
    if text in ("", "0", "false", "no", "n", "否", "off"):
        return False
    if text in ("1", "true", "yes", "y", "是", "on"):
        return True
    raise ValidationFailed("须为是或否", field=field)


def _date(value, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value))
        except ValueError:
            raise ValidationFailed("日期格式不正确，应为 YYYY-MM-DD", field=field) from None
    if value > clock.today():
        raise ValidationFailed("指南审核日期不能晚于今天", field=field)
    return value


def _department_id(session: Session, actor: Actor, value) -> int:
    if value is None or value == "" or isinstance(value, bool):
        raise ValidationFailed("所属科室不能为空", field="department_id")
    try:
        department_id = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed("所属科室须为记录编号（整数）", field="department_id") from None
    if actor.department_scoped and department_id != actor.department_id:
        raise Forbidden("科室负责人只能管理本科室的事项")
    try:
        dept = org.get_department(session, actor=actor, department_id=department_id)
    except NotFound:
        raise ValidationFailed("所属科室不存在或不属于本中心", field="department_id") from None
    return dept.id


def _materials(rows: Iterable[dict] | None) -> list[dict]:
    cleaned = []
    for n, row in enumerate(rows or (), start=1):
        if not isinstance(row, dict):
            raise ValidationFailed(f"第 {n} 项材料格式不正确", field="materials")
        values = dict(name=_text(row.get("name")), sample_text=_text(row.get("sample_text")),
                      copies=_text(row.get("copies", "原件1份")) or "原件1份",
                      required=_bool(row.get("required", True), "materials"))
        problem = rules.material_problem(values["name"], values["copies"])
        if problem:
            raise ValidationFailed(f"第 {n} 项材料：{problem[1]}", field="materials")
        cleaned.append(values)
    return cleaned


def _values(session: Session, actor: Actor, raw: dict) -> dict:
    values = dict(code=_text(raw["code"]), name=_text(raw["name"]), legal_basis=_text(raw["legal_basis"]),
                  procedure=_text(raw["procedure"]), fees=_text(raw["fees"]) or "不收费")
    _check("code", rules.code_problem(values["code"]))
    _check("name", rules.text_problem(values["name"], label="事项名称", max_len=rules.NAME_MAX))
    values["department_id"] = _department_id(session, actor, raw["department_id"])
    for field, label in LIMIT_LABELS.items():
        days, problem = rules.parse_limit(raw[field], label=label, optional=field == "promised_limit_days")
        _check(field, problem)
        values[field] = days
    _check("promised_limit_days", rules.limits_problem(values["statutory_limit_days"], values["promised_limit_days"]))
    _check("fees", rules.text_problem(values["fees"], label="收费标准", max_len=rules.FEES_MAX))
    values["online"] = _bool(raw["online"], "online")
    values["guide_reviewed_on"] = _date(raw["guide_reviewed_on"], "guide_reviewed_on")
    return values


def _visible(session: Session, actor: Actor, item_id) -> ServiceItem:
    return ensure_visible(repo.get(session, edits.record_id(item_id)), actor)


def _material_detail(rows: list[dict]) -> list[str]:
    return [r["name"] for r in rows]


def create_item(session: Session, *, actor: Actor, code: str, name: str, department_id: int, legal_basis: str = "",
                statutory_limit_days: int = 0, promised_limit_days: int | None = None, procedure: str = "",
                fees: str = "不收费", online: bool = False, guide_reviewed_on: dt.date | None = None,
                materials: Iterable[dict] = ()) -> ServiceItem:
    """Register a service item with its materials in the actor's center (a department head: own department only)."""
    actor.require("items.write")
    center_id = _center_id(actor)
    values = _values(session, actor, dict(
        code=code, name=name, department_id=department_id, legal_basis=legal_basis,
        statutory_limit_days=statutory_limit_days, promised_limit_days=promised_limit_days, procedure=procedure,
        fees=fees, online=online, guide_reviewed_on=guide_reviewed_on))
    rows = _materials(materials)
    if repo.code_taken(session, center_id=center_id, code=values["code"]):
        raise ValidationFailed(f"事项编码已存在：{values['code']}", field="code")
    item = ServiceItem(center_id=center_id, **values)
    session.add(item)
    session.flush()
    repo.replace_materials(session, item.id, rows)
    detail = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}
    audit.record(session, actor=actor, action="item.create", entity="service_item", entity_id=item.id,
                 detail={**detail, "materials": _material_detail(rows)}, center_id=center_id)
    return item


def get_item(session: Session, *, actor: Actor, item_id: int) -> ServiceItem:
    """One item the actor may see, else NotFound."""
    actor.require("items.read")
    return _visible(session, actor, item_id)


def find_item_by_code(session: Session, *, actor: Actor, code: str) -> ServiceItem | None:
    """A visible item by code, or None."""
    actor.require("items.read")
    return repo.find_by_code(session, actor=actor, code=_text(code))


def item_materials(session: Session, *, actor: Actor, item_id: int) -> list[ItemMaterial]:
    """The materials of a visible item, in their order."""
    item = get_item(session, actor=actor, item_id=item_id)
    return repo.materials(session, item.id)


def list_items(session: Session, *, actor: Actor, q: str | None = None, department_id: int | None = None,
               page: int = 1, per_page: int = 20, include_inactive: bool = False) -> Page:
    """Items in scope, searched by code or name and filtered by department."""
    actor.require("items.read")
    stmt = repo.items(actor=actor, q=q, department_id=department_id, include_inactive=include_inactive)
    return paginate(session, stmt, page=page, per_page=per_page)


def update_item(session: Session, *, actor: Actor, item_id: int, materials: Iterable[dict] | None = None,
                **changes) -> ServiceItem:
    """Change an item's fields and, when given, replace its materials; each real change raises the item's version."""
    actor.require("items.write")
    item = _visible(session, actor, item_id)
    edits.reject_unknown(changes, ITEM_FIELDS)
    values = _values(session, actor, {f: changes.get(f, getattr(item, f)) for f in ITEM_FIELDS})
    rows = _materials(materials) if materials is not None else None
    if repo.code_taken(session, center_id=item.center_id, code=values["code"], exclude_id=item.id):
        raise ValidationFailed(f"事项编码已存在：{values['code']}", field="code")
    detail = edits.apply_changes(item, values)
    if rows is not None:
        current = [dict(name=m.name, sample_text=m.sample_text, copies=m.copies, required=m.required)
                   for m in repo.materials(session, item.id)]
        if current != rows:
            repo.replace_materials(session, item.id, rows)
            detail["materials"] = [_material_detail(current), _material_detail(rows)]
    if detail:
        item.version += 1
        session.flush()
        audit.record(session, actor=actor, action="item.update", entity="service_item", entity_id=item.id,
                     detail={**detail, "version": item.version}, center_id=item.center_id)
    return item


def _set_active(session: Session, *, actor: Actor, item_id: int, active: bool) -> ServiceItem:
    actor.require("items.write")
    item = _visible(session, actor, item_id)
    if item.active != active:
        item.active = active
        session.flush()
        audit.record(session, actor=actor, action="item.activate" if active else "item.deactivate",
                     entity="service_item", entity_id=item.id, detail={"code": item.code}, center_id=item.center_id)
    return item


def deactivate_item(session: Session, *, actor: Actor, item_id: int) -> ServiceItem:
    """Withdraw an item from service; it stays for the cases that refer to it."""
    return _set_active(session, actor=actor, item_id=item_id, active=False)


def activate_item(session: Session, *, actor: Actor, item_id: int) -> ServiceItem:
    """Put a withdrawn item back into service."""
    return _set_active(session, actor=actor, item_id=item_id, active=True)


def mark_guide_reviewed(session: Session, *, actor: Actor, item_id: int, on: dt.date) -> ServiceItem:
    """Record that the item's guide (办事指南) was reviewed on a date, which clears its stale-guide alert."""
    actor.require("items.write")
    item = _visible(session, actor, item_id)
    reviewed = _date(on, "guide_reviewed_on")
    if reviewed is None:
        raise ValidationFailed("审核日期不能为空", field="guide_reviewed_on")
    old = item.guide_reviewed_on
    item.guide_reviewed_on = reviewed
    session.flush()
    audit.record(session, actor=actor, action="item.guide_reviewed", entity="service_item", entity_id=item.id,
                 detail={"from": old.isoformat() if old else None, "to": reviewed.isoformat()}, center_id=item.center_id)
    return item


def stale_guides(session: Session, *, actor: Actor, today: dt.date, max_days: int) -> list[StaleGuide]:
    """Active items in scope whose guide was never reviewed or not for more than `max_days` days."""
    actor.require("items.read")
    found = repo.stale(session, actor=actor, cutoff=rules.stale_cutoff(today, max_days))
    return [StaleGuide(item=i, days=rules.days_since_review(i.guide_reviewed_on, today)) for i in found]


def count_stale_guides(session: Session, *, actor: Actor, today: dt.date, max_days: int) -> int:
    """How many items in scope have a guide due for review."""
    actor.require("items.read")
    return repo.stale_count(session, actor=actor, cutoff=rules.stale_cutoff(today, max_days))
