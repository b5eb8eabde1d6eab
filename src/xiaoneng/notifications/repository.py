"""All SQL of notifications: the inbox of one recipient and the outbox of messages to send."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, case, func, or_, select, update
from sqlalchemy.orm import Session

from xiaoneng.notifications.models import Notification, OutboundMessage
from xiaoneng.notifications.rules import MAX_ATTEMPTS, OutboundStatus


def notification_key_taken(session: Session, key: str) -> bool:
    return session.scalar(select(Notification.id).where(Notification.key == key)) is not None


def message_key_taken(session: Session, key: str) -> bool:
    return session.scalar(select(OutboundMessage.id).where(OutboundMessage.key == key)) is not None


def inbox(*, recipient_id: int, unread_only: bool = False) -> Select:
    """One recipient's notifications, unread first, newest first."""
    stmt = select(Notification).where(Notification.recipient_id == recipient_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt.order_by(Notification.read_at.is_(None).desc(), Notification.created_at.desc(), Notification.id.desc())


def _group_title():
    """Notices with a link are about the record it opens; those without one are told apart by their title."""
    return case((Notification.link == "", Notification.title), else_="")


def inbox_groups(*, recipient_id: int, unread_only: bool = False) -> Select:
    """One recipient's notices grouped by kind and record: (latest id, count, unread count, latest time), groups
    with unread notices first, newest first."""
    unread = func.sum(case((Notification.read_at.is_(None), 1), else_=0))
    stmt = (select(func.max(Notification.id).label("latest_id"), func.count().label("count"),
                   unread.label("unread"), func.max(Notification.created_at).label("latest_at"))
            .where(Notification.recipient_id == recipient_id)
            .group_by(Notification.kind, Notification.link, _group_title()))
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt.order_by((unread > 0).desc(), func.max(Notification.created_at).desc(), func.max(Notification.id).desc())


def page_of_rows(session: Session, stmt: Select, *, limit: int, offset: int) -> tuple[int, list]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return total, list(session.execute(stmt.limit(limit).offset(offset)))


def notifications_by_id(session: Session, ids: list[int]) -> dict[int, Notification]:
    return {n.id: n for n in session.scalars(select(Notification).where(Notification.id.in_(ids)))} if ids else {}


def mark_group_read(session: Session, *, note: Notification, at: dt.datetime) -> int:
    """Every unread notice of the same recipient, kind and record as `note`."""
    stmt = (update(Notification)
            .where(Notification.recipient_id == note.recipient_id, Notification.kind == note.kind,
                   Notification.link == note.link, Notification.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False))
    if not note.link:
        stmt = stmt.where(Notification.title == note.title)
    return session.execute(stmt).rowcount or 0


def unread_count(session: Session, *, recipient_id: int) -> int:
    stmt = select(func.count()).select_from(Notification).where(
        Notification.recipient_id == recipient_id, Notification.read_at.is_(None))
    return session.scalar(stmt) or 0


def own_notification(session: Session, *, recipient_id: int, notification_id: int) -> Notification | None:
    stmt = select(Notification).where(Notification.id == notification_id, Notification.recipient_id == recipient_id)
    return session.scalar(stmt)


def mark_all_read(session: Session, *, recipient_id: int, at: dt.datetime) -> int:
    stmt = (update(Notification)
            .where(Notification.recipient_id == recipient_id, Notification.read_at.is_(None))
            .values(read_at=at)
            .execution_options(synchronize_session=False))
    return session.execute(stmt).rowcount or 0


def messages_to_send(session: Session, *, limit: int) -> list[OutboundMessage]:
    """Pending and retryable failed messages, oldest first; rows another deliverer holds are skipped (PostgreSQL)."""
    stmt = (select(OutboundMessage)
            .where(OutboundMessage.attempts < MAX_ATTEMPTS,
                   or_(OutboundMessage.status == OutboundStatus.PENDING,
                       OutboundMessage.status == OutboundStatus.FAILED))
            .order_by(OutboundMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True))
    return list(session.scalars(stmt))


def outbox_counts(session: Session) -> dict[str, int]:
    stmt = select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)
    return {status: count for status, count in session.execute(stmt)}
