"""Tables of first inquiries (E2): the inquiry log, referrals with their deadlines, the per-center settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin
from xiaoneng.inquiries.rules import DEFAULT_ACK_DAYS, DEFAULT_ANSWER_DAYS, ReferralStatus


class Inquiry(TimestampMixin, Base):
    __tablename__ = "inquiry"
    __table_args__ = (UniqueConstraint("center_id", "number"), Index("ix_inquiry_number_phone", "number", "asker_phone"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # the responder's
    number: Mapped[str] = mapped_column(String(20))  # 咨询编号 given to the person who asked
    channel: Mapped[str] = mapped_column(String(16))
    asker_name: Mapped[str] = mapped_column(String(64), default="")
    asker_phone: Mapped[str] = mapped_column(String(32), default="")
    content: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[dt.datetime]
    responder_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)  # 首问责任人
    present_ids: Mapped[list] = mapped_column(JSON, default=list)  # the staff present when asked
    logged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(Text, default="")
    case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"))


class Referral(TimestampMixin, Base):
    """An out-of-scope inquiry referred (转办) to the responsible department or person, tracked until answered."""
    __tablename__ = "inquiry_referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiry.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # responsible department
    to_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # the responsible person named
    assigned_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # B when they're away
    referred_on: Mapped[dt.date]
    acknowledge_by: Mapped[dt.date]
    answer_by: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.OPEN, index=True)
    deadline_state: Mapped[str] = mapped_column(String(16), default="")
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    answered_at: Mapped[dt.datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    answer: Mapped[str] = mapped_column(Text, default="")


class InquirySettings(TimestampMixin, Base):
    __tablename__ = "inquiry_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    ack_days: Mapped[int] = mapped_column(default=DEFAULT_ACK_DAYS)
    answer_days: Mapped[int] = mapped_column(default=DEFAULT_ANSWER_DAYS)
