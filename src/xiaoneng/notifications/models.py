"""Tables of notifications: the in-app inbox and the outbox of e-mail and SMS messages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, utcnow


class Notification(Base):
    """One message in a staff member's inbox. `key` makes a timed job's notice land once however often it runs."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_recipient_read", "recipient_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(160), unique=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("center.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(32))  # bad_review | due_soon | overdue | escalated | alert | ...
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]


class OutboundMessage(Base):
    """An e-mail or SMS waiting for, or handed to, its sender."""

    __tablename__ = "outbound_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(String(160), unique=True)
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
