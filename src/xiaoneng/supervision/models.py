"""Tables of supervision: the 督办 notices sent on yellow and red cards, and each center's document prefix."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin
from xiaoneng.supervision.rules import NoticeStatus


class SupervisionNotice(TimestampMixin, Base):
    """A 督办通知 on one card (a late step, or a late case): at most one per card."""

    __tablename__ = "supervision_notice"
    __table_args__ = (
        UniqueConstraint("card_key"),
        UniqueConstraint("center_id", "year", "seq"),
        Index("ix_supervision_notice_center_status", "center_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # the case's
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("case_step.id"), index=True)  # a yellow card's step
    color: Mapped[str] = mapped_column(String(8))  # rules.CardColor
    card_key: Mapped[str] = mapped_column(String(40))  # "yellow:<step id>" or "red:<case id>": one notice a card
    year: Mapped[int]
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(60))  # 锦政服督〔2026〕第001号
    text: Mapped[str] = mapped_column(Text)
    reply_days: Mapped[int]
    issued_on: Mapped[dt.date]
    reply_due: Mapped[dt.date]
    reply_due_provisional: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=NoticeStatus.ISSUED)
    # "", "due_soon" or "overdue" as of the last run of the supervision_deadlines job; each told once.
    deadline_state: Mapped[str] = mapped_column(String(16), default="")
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # whose step or case
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    issued_at: Mapped[dt.datetime]
    reply: Mapped[str] = mapped_column(Text, default="")  # 整改说明
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    replied_at: Mapped[dt.datetime | None]
    replied_on: Mapped[dt.date | None]  # local day of the reply: on the deadline day is on time
    close_note: Mapped[str] = mapped_column(Text, default="")
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None]


class SupervisionSettings(TimestampMixin, Base):
    """A center's 文号代字 for its 督办 notices (rules.default_prefix until its admin sets one)."""

    __tablename__ = "supervision_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    number_prefix: Mapped[str] = mapped_column(String(16))
