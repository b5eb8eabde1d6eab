"""Every query of the items domain, each limited to the actor's scope."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search


def get(session: Session, item_id: int) -> ServiceItem | None:
    return session.get(ServiceItem, item_id)


def find_by_code(session: Session, *, actor: Actor, code: str) -> ServiceItem | None:
    return session.scalar(scoped(select(ServiceItem).where(ServiceItem.code == code), ServiceItem, actor))


def code_taken(session: Session, *, center_id: int, code: str, exclude_id: int | None = None) -> bool:
    stmt = select(ServiceItem.id).where(ServiceItem.center_id == center_id, ServiceItem.code == code)
    if exclude_id is not None:
        stmt = stmt.where(ServiceItem.id != exclude_id)
    return session.scalar(stmt.limit(1)) is not None


def items(*, actor: Actor, q: str | None = None, department_id: int | None = None,
          include_inactive: bool = False) -> Select:
    stmt = scoped(select(ServiceItem), ServiceItem, actor)
    stmt = search(stmt, q, ServiceItem.code, ServiceItem.name)
    if department_id:
        stmt = stmt.where(ServiceItem.department_id == department_id)
    if not include_inactive:
        stmt = stmt.where(ServiceItem.active.is_(True))
    return stmt.order_by(ServiceItem.code)


def stale(session: Session, *, actor: Actor, cutoff: dt.date) -> list[ServiceItem]:
    stmt = scoped(select(ServiceItem), ServiceItem, actor).where(
        ServiceItem.active.is_(True),
        or_(ServiceItem.guide_reviewed_on.is_(None), ServiceItem.guide_reviewed_on < cutoff),
    )
    # Never-reviewed guides first, then the oldest review.
    return list(session.scalars(stmt.order_by(ServiceItem.guide_reviewed_on.is_(None).desc(),
                                              ServiceItem.guide_reviewed_on, ServiceItem.code)))


def stale_count(session: Session, *, actor: Actor, cutoff: dt.date) -> int:
    stmt = scoped(select(func.count(ServiceItem.id)), ServiceItem, actor).where(
        ServiceItem.active.is_(True),
        or_(ServiceItem.guide_reviewed_on.is_(None), ServiceItem.guide_reviewed_on < cutoff),
    )
    return session.scalar(stmt) or 0


def materials(session: Session, item_id: int) -> list[ItemMaterial]:
    stmt = select(ItemMaterial).where(ItemMaterial.item_id == item_id).order_by(ItemMaterial.seq, ItemMaterial.id)
    return list(session.scalars(stmt))


def replace_materials(session: Session, item_id: int, rows: list[dict]) -> None:
    for old in materials(session, item_id):
        session.delete(old)
    session.flush()
    for seq, row in enumerate(rows, start=1):
        session.add(ItemMaterial(item_id=item_id, seq=seq, **row))
    session.flush()
