"""Every query of the bad-review loop; queries made for an actor go through `scoped`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import ConcentrationAlert, ContactLog, LoopSettings, Rectification


def get(session: Session, rectification_id: int) -> Rectification | None:
    return session.get(Rectification, rectification_id)


def get_for_update(session: Session, rectification_id: int) -> Rectification | None:
    """Row lock on PostgreSQL so two staff acting at once cannot both pass the same transition."""
    return session.scalar(select(Rectification).where(Rectification.id == rectification_id).with_for_update())


def by_ratings(session: Session, rating_ids: list[int]) -> list[Rectification]:
    return list(session.scalars(select(Rectification).where(Rectification.rating_id.in_(rating_ids))))


def by_rating(session: Session, rating_id: int) -> Rectification | None:
    return session.scalar(select(Rectification).where(Rectification.rating_id == rating_id))


def settings_row(session: Session, center_id: int) -> LoopSettings | None:
    return session.get(LoopSettings, center_id)


def add(session: Session, obj) -> None:
    session.add(obj)
    session.flush()


def contacts(session: Session, rectification_id: int) -> list[ContactLog]:
    stmt = select(ContactLog).where(ContactLog.rectification_id == rectification_id).order_by(ContactLog.at, ContactLog.id)
    return list(session.scalars(stmt))


def rectifications(*, actor: Actor, statuses: list[str] | None = None, department_id: int | None = None,
                   overdue_on: dt.date | None = None, real_name: bool | None = None,
                   escalations: list[str] | None = None, received_from: dt.date | None = None,
                   received_to: dt.date | None = None) -> Select:
    """The list of the page and the API, newest first."""
    stmt = select(Rectification)
    if statuses:
        stmt = stmt.where(Rectification.status.in_(statuses))
    if department_id:
        stmt = stmt.where(Rectification.department_id == department_id)
    if overdue_on is not None:
        stmt = stmt.where(Rectification.current_due.is_not(None), Rectification.current_due < overdue_on)
    if real_name is not None:
        stmt = stmt.where(Rectification.real_name.is_(real_name))
    if escalations:
        stmt = stmt.where(Rectification.escalation.in_(escalations))
    if received_from is not None:
        stmt = stmt.where(Rectification.received_on >= received_from)
    if received_to is not None:
        stmt = stmt.where(Rectification.received_on <= received_to)
    return scoped(stmt, Rectification, actor).order_by(Rectification.received_on.desc(), Rectification.id.desc())


def callback_rate_records(*, actor: Actor, start: dt.date, end: dt.date, pending_statuses: list[str],
                          department_id: int | None = None) -> Select:
    """Real-name records received in [start, end], and those received earlier that are still pending."""
    stmt = select(Rectification).where(
        Rectification.real_name.is_(True), Rectification.received_on <= end,
        or_(Rectification.received_on >= start, Rectification.status.in_(pending_statuses)))
    if department_id:
        stmt = stmt.where(Rectification.department_id == department_id)
    return scoped(stmt, Rectification, actor).order_by(Rectification.received_on.desc(), Rectification.id.desc())


def with_names(stmt: Select) -> Select:
    """A list of records (`rectifications()`) with what people read beside each: department, window, staff member
    and item names, and the bad review itself (level, comment, rater, channel), in the same order and scope."""
    return (
        stmt.add_columns(Department.name.label("department"), Window.name.label("window"),
                         Staff.full_name.label("staff"), ServiceItem.name.label("item"), Rating.level,
                         Rating.comment, Rating.channel, Rating.rater_name, Rating.rater_phone)
        .join(Rating, Rating.id == Rectification.rating_id)
        .outerjoin(Department, Department.id == Rectification.department_id)
        .outerjoin(Window, Window.id == Rectification.window_id)
        .outerjoin(Staff, Staff.id == Rectification.staff_id)
        .outerjoin(ServiceItem, ServiceItem.id == Rectification.item_id)
    )


def all_of(session: Session, stmt: Select) -> list:
    return list(session.scalars(stmt))


def open_records(session: Session, statuses: list[str]) -> list[Rectification]:
    """Every record still in a timed step, across centers, for the timed job."""
    stmt = select(Rectification).where(Rectification.status.in_(statuses)).order_by(Rectification.id)
    return list(session.scalars(stmt))


def center_ids_with_records(session: Session, since: dt.date) -> list[int]:
    stmt = select(Rectification.center_id).where(Rectification.received_on >= since).distinct()
    return list(session.scalars(stmt))


def concentration_counts(session: Session, *, center_id: int, column: str, start: dt.date,
                         end: dt.date) -> list[tuple[int, int | None, int]]:
    """(target id, department id, counted bad reviews) per target of one kind within a period."""
    target = getattr(Rectification, column)
    stmt = (
        select(target, func.min(Rectification.department_id), func.count())
        .where(Rectification.center_id == center_id, target.is_not(None), Rectification.excluded.is_(False),
               Rectification.received_on >= start, Rectification.received_on <= end)
        .group_by(target)
    )
    return [(t, d, n) for t, d, n in session.execute(stmt)]


def alert_exists(session: Session, key: str) -> bool:
    return session.scalar(select(ConcentrationAlert.id).where(ConcentrationAlert.key == key)) is not None


def alerts(*, actor: Actor, open_only: bool = False) -> Select:
    stmt = select(ConcentrationAlert)
    if open_only:
        stmt = stmt.where(ConcentrationAlert.acknowledged_at.is_(None))
    return scoped(stmt, ConcentrationAlert, actor).order_by(ConcentrationAlert.raised_at.desc(), ConcentrationAlert.id.desc())


def alerts_with_names(stmt: Select) -> Select:
    """A list of alerts (`alerts()`) with the name of each one's target, its department and who checked it."""
    target_department, target_staff, checker = aliased(Department), aliased(Staff), aliased(Staff)
    kind = ConcentrationAlert.target_kind
    return (
        stmt.add_columns(func.coalesce(target_department.name, ServiceItem.name, target_staff.full_name).label("target"),
                         Department.name.label("department"), checker.full_name.label("checker"))
        .outerjoin(target_department, and_(kind == "department", target_department.id == ConcentrationAlert.target_id))
        .outerjoin(ServiceItem, and_(kind == "item", ServiceItem.id == ConcentrationAlert.target_id))
        .outerjoin(target_staff, and_(kind == "staff", target_staff.id == ConcentrationAlert.target_id))
        .outerjoin(Department, Department.id == ConcentrationAlert.department_id)
        .outerjoin(checker, checker.id == ConcentrationAlert.acknowledged_by_id)
    )


def get_alert(session: Session, alert_id: int) -> ConcentrationAlert | None:
    return session.get(ConcentrationAlert, alert_id)


def recent_alert(session: Session, *, center_id: int, kind: str, target_id: int, since: dt.date) -> bool:
    stmt = select(ConcentrationAlert.id).where(
        ConcentrationAlert.center_id == center_id, ConcentrationAlert.target_kind == kind,
        ConcentrationAlert.target_id == target_id, ConcentrationAlert.period_end >= since,
    )
    return session.scalar(stmt.limit(1)) is not None
