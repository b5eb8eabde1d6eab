"""What the inspection services share: the point types inspected, a point's street, the month a text names."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
from xiaoneng.inspections.models import Visit
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.scope import Actor
from xiaoneng.org.models import ServicePoint, ServicePointType

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
STREET_TYPES = (ServicePointType.COMMUNITY_ROOM, ServicePointType.SELF_SERVICE)


def parse_month(text: str, field: str = "month") -> dt.date:
    """YYYY-MM as the first day of that month."""
    match = MONTH_RE.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationFailed("月份格式应为 YYYY-MM，例如 2026-11", field=field)
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def month_label(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def inspected_points(session: Session, center_id: int) -> list[ServicePoint]:
    """The center's active points of the four inspected types (S3), by code."""
    return list(session.scalars(select(ServicePoint).where(
        ServicePoint.center_id == center_id, ServicePoint.active.is_(True),
        ServicePoint.point_type.in_([str(t) for t in INSPECTED_TYPES])).order_by(ServicePoint.code)))


def street_of(point: ServicePoint, by_id: dict[int, ServicePoint]) -> ServicePoint:
    """The street center a point belongs to (community rooms and self-service points hang under one); a street
    center or a district hall stands for itself."""
    if point.point_type in STREET_TYPES and point.parent_id in by_id:
        return by_id[point.parent_id]
    return point


def get_point(session: Session, actor: Actor, point_id) -> ServicePoint:
    point = session.get(ServicePoint, record_id(point_id))
    if point is None or point.center_id != actor.center_id:
        raise NotFound("服务点位不存在")
    return point


def get_visit(session: Session, actor: Actor, visit_id) -> Visit:
    """A visit of the actor's center; only roles that see the center's inspections read visits."""
    actor.require("inspections.read")
    visit = session.get(Visit, record_id(visit_id))
    if visit is None or (not actor.is_system and visit.center_id != actor.center_id) or \
            (actor.is_system and actor.center_id and visit.center_id != actor.center_id):
        raise NotFound()
    return visit
