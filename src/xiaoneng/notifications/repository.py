"""All SQL of notifications: the inbox of one recipient and the outbox of messages to send."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, or_, select, update
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
