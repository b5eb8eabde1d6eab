"""Tables of the bad-review loop: one rectification per bad review, its contact log, per-center loop settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xiaoneng.db import Base, TimestampMixin, utcnow


class Rectification(TimestampMixin, Base):
    __tablename__ = "rectification"
    __table_args__ = (Index("ix_rectification_center_status", "center_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_item.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), unique=True)
    real_name: Mapped[bool] = mapped_column(default=False)  # copied from the rating: 100% callback required
    status: Mapped[str] = mapped_column(String(16))
    status_before_appeal: Mapped[str | None] = mapped_column(String(16))
    received_on: Mapped[dt.date]
    contact_due: Mapped[dt.date]
    rectify_due: Mapped[dt.date]
    # Deadlines computed on a year whose schedule is not yet published (待核定); cleared when the notice is saved.
    contact_due_provisional: Mapped[bool] = mapped_column(default=False, server_default="0")
    rectify_due_provisional: Mapped[bool] = mapped_column(default=False, server_default="0")
    ledger_due: Mapped[dt.date | None]  # set by a leader for a complex case (台账)
    ledger_set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # A supervisor's proposal of a ledger deadline, waiting for a leader to confirm or change it (S0 art.14).
    ledger_proposed_due: Mapped[dt.date | None]
    ledger_proposal: Mapped[str] = mapped_column(Text, default="", server_default="")  # the problem, as proposed
    ledger_proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    ledger_proposed_at: Mapped[dt.datetime | None]
    current_due: Mapped[dt.date | None] = mapped_column(index=True)  # the deadline the current step is measured by
    escalation: Mapped[str] = mapped_column(String(16), default="none")
    escalated_at: Mapped[dt.datetime | None]
    path: Mapped[str] = mapped_column(String(16), default="")  # on_spot | rectified | ledger | explained
    problem: Mapped[str] = mapped_column(Text, default="")  # what was confirmed
    measures: Mapped[str] = mapped_column(Text, default="")  # what was done
    explanation: Mapped[str] = mapped_column(Text, default="")  # 解释说明 when there is no legal basis
    fed_back_at: Mapped[dt.datetime | None]
    # The day the handling ended (solved on the spot, explained or fed back): the callback deadline counts from it.
    handled_on: Mapped[dt.date | None]
    callback_due: Mapped[dt.date | None]  # real-name records only (S0 art.15: every one is called back)
    callback_at: Mapped[dt.datetime | None]
    callback_method: Mapped[str] = mapped_column(String(16), default="")  # phone | online
    callback_level: Mapped[int | None]  # the rater's satisfaction again (D3)
    callback_note: Mapped[str] = mapped_column(Text, default="")
    callback_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None]
    # The rater's rating of the rectification itself (D7).
    rater_level: Mapped[int | None]
    rater_comment: Mapped[str] = mapped_column(Text, default="")
    # Appeal and review (申诉复核, D7).
    appeal_reason: Mapped[str] = mapped_column(Text, default="")
    appealed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    appealed_at: Mapped[dt.datetime | None]
    appeal_decision: Mapped[str] = mapped_column(String(16), default="")  # upheld | rejected
    appeal_decision_reason: Mapped[str] = mapped_column(Text, default="")
    appeal_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    appeal_decided_at: Mapped[dt.datetime | None]
    excluded: Mapped[bool] = mapped_column(default=False)  # appeal upheld: left out of the counted statistics
    withheld: Mapped[bool] = mapped_column(default=False)  # kept off the public pages
    withheld_reason: Mapped[str] = mapped_column(String(200), default="")

    @property
    def current_due_provisional(self) -> bool:
        """The current step's deadline is 待核定: the contact or the rectification deadline, computed on a
        provisional year (a ledger deadline is a leader's date, not a count of working days)."""
        if self.current_due is None:
            return False
        return ((self.current_due == self.contact_due and self.contact_due_provisional and self.status == "open")
                or (self.current_due == self.rectify_due and self.rectify_due_provisional
                    and self.status in ("contacted", "rectifying")))

    contacts: Mapped[list[ContactLog]] = relationship(order_by="ContactLog.at", lazy="selectin")


class ContactLog(Base):
    """D2 contact log: when, how, who, what was said."""

    __tablename__ = "rectification_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    rectification_id: Mapped[int] = mapped_column(ForeignKey("rectification.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    method: Mapped[str] = mapped_column(String(16))  # phone | sms | visit | online
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    summary: Mapped[str] = mapped_column(Text)


class LoopSettings(TimestampMixin, Base):
    """Per-center deadlines of D2 (working days) and the concentration alert threshold (D4)."""

    __tablename__ = "loop_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    contact_days: Mapped[int] = mapped_column(default=1)
    rectify_days: Mapped[int] = mapped_column(default=5)
    callback_days: Mapped[int] = mapped_column(default=5)
    escalate_to_director_after_days: Mapped[int] = mapped_column(default=2)
    due_soon_days: Mapped[int] = mapped_column(default=1)
    concentration_threshold: Mapped[int] = mapped_column(default=3)  # bad reviews on one target in the period
    concentration_period_days: Mapped[int] = mapped_column(default=30)


class ConcentrationAlert(Base):
    """D4: bad reviews concentrated on one department or item within a period, raised for investigation."""

    __tablename__ = "concentration_alert"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)  # target and period: an alert is raised once
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))  # department | item | staff
    target_id: Mapped[int]
    period_start: Mapped[dt.date]
    period_end: Mapped[dt.date]
    count: Mapped[int]
    raised_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    acknowledged_at: Mapped[dt.datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
