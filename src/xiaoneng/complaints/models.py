"""Tables of complaints (F1): the complaint, its trail of steps, evidence files, urges (催办/通报), the per-center
settings and the per-day counter of reference numbers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.complaints.rules import DEFAULT_DAYS, DEFAULT_DUPLICATE_DAYS, DEFAULT_SIGN_DAYS, Kind, Status
from xiaoneng.db import Base, TimestampMixin


class Complaint(TimestampMixin, Base):
    __tablename__ = "complaint"
    __table_args__ = (UniqueConstraint("center_id", "number"),
                      UniqueConstraint("center_id", "channel", "source_number"),  # a 12345 work order once
                      Index("ix_complaint_center_status", "center_id", "status"),
                      Index("ix_complaint_center_received", "center_id", "received_on"),
                      Index("ix_complaint_number_phone", "number", "complainant_phone"),
                      Index("ix_complaint_center_phone", "center_id", "complainant_phone"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    number: Mapped[str] = mapped_column(String(24))  # 投诉编号 given to the complainant: TSyyyymmdd0001
    channel: Mapped[str] = mapped_column(String(16))
    source_number: Mapped[str | None] = mapped_column(String(64))  # 12345 工单编号, 转办文号 …
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=Status.NEW)
    complainant_name: Mapped[str] = mapped_column(String(64), default="")
    complainant_phone: Mapped[str] = mapped_column(String(32), default="")
    complainant_contact: Mapped[str] = mapped_column(String(200), default="")  # e-mail or address
    title: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text)
    received_at: Mapped[dt.datetime]
    received_on: Mapped[dt.date] = mapped_column(Date)
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # none: the public form, an import
    # Classification: the topic and department suggested from the text, what it rested on, and who is named.
    topic: Mapped[str] = mapped_column(String(32), default="")
    suggested_department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    suggestion_score: Mapped[float] = mapped_column(default=0.0)
    evidence: Mapped[list] = mapped_column(JSON, default=list)  # [[start, end, term], …] in the content
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # 承办单位
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_item.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # the staff member named
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    # Deadlines of the current round (a reopen starts a new one).
    round: Mapped[int] = mapped_column(default=0)  # times reopened
    sign_by: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_provisional: Mapped[bool] = mapped_column(default=False)
    # What due_on is counted from, so a calendar change can count it again: the day of receipt (or of a reopen,
    # or of a reclassification in a later round) and the working days. None: a date kept as given (the 12345
    # platform's 办理时限 of an imported work order).
    due_from: Mapped[dt.date | None] = mapped_column(Date)
    due_days: Mapped[int | None]
    deadline_state: Mapped[str] = mapped_column(String(16), default="")
    assigned_at: Mapped[dt.datetime | None]
    signed_at: Mapped[dt.datetime | None]
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # who signed for it
    answered_at: Mapped[dt.datetime | None]
    answered_on_time: Mapped[bool | None]
    answer: Mapped[str] = mapped_column(Text, default="")
    callback_result: Mapped[str] = mapped_column(String(16), default="")
    callback_at: Mapped[dt.datetime | None]
    escalated_at: Mapped[dt.datetime | None]
    decision: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[dt.datetime | None]
    # A duplicate is kept and linked to the complaint it was merged into.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("complaint.id"), index=True)
    duplicate_reason: Mapped[str] = mapped_column(String(64), default="")
    keep_apart: Mapped[bool] = mapped_column(default=False)  # split by a supervisor: never merged again


class ComplaintEvent(Base):
    """One step of the trail: what was done, when, by whom, with its text (the full-process report reads these)."""
    __tablename__ = "complaint_event"
    __table_args__ = (Index("ix_complaint_event_complaint", "complaint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"))
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_name: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class ComplaintEvidence(Base):
    """An evidence file of an investigation, stored on disk by its SHA-256 under the var directory."""
    __tablename__ = "complaint_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    uploaded_at: Mapped[dt.datetime]


class ComplaintUrge(Base):
    """A 催办通知书 or 通报 to the unit holding a late complaint: everything its letter needs (recipient, title, body
    paragraphs, the complaint's reference), issued once per kind and round of handling."""
    __tablename__ = "complaint_urge"
    __table_args__ = (UniqueConstraint("complaint_id", "round", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaint.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    round: Mapped[int] = mapped_column(default=0)
    issued_on: Mapped[dt.date] = mapped_column(Date)  # 成文日期
    issued_at: Mapped[dt.datetime]
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(200))  # 主送: the unit's name as it was then
    title: Mapped[str] = mapped_column(String(200))
    paragraphs: Mapped[list] = mapped_column(JSON, default=list)  # 正文, one string per paragraph
    reference: Mapped[str] = mapped_column(String(24))  # the complaint's number
    due_on: Mapped[dt.date] = mapped_column(Date)  # the deadline that was missed
    reply_by: Mapped[dt.date] = mapped_column(Date)  # by when the unit reports back
    issuer: Mapped[str] = mapped_column(String(200))  # 落款: the center (its supervision office)
    copy_to: Mapped[list] = mapped_column(JSON, default=list)  # 抄送


class ComplaintSettings(TimestampMixin, Base):
    """A center's deadlines in working days by type (表扬 has none), to sign for, and the duplicate period."""
    __tablename__ = "complaint_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    consult_days: Mapped[int] = mapped_column(default=DEFAULT_DAYS[Kind.CONSULT])
    help_days: Mapped[int] = mapped_column(default=DEFAULT_DAYS[Kind.HELP])
    complaint_days: Mapped[int] = mapped_column(default=DEFAULT_DAYS[Kind.COMPLAINT])
    report_days: Mapped[int] = mapped_column(default=DEFAULT_DAYS[Kind.REPORT])
    suggest_days: Mapped[int] = mapped_column(default=DEFAULT_DAYS[Kind.SUGGEST])
    sign_days: Mapped[int] = mapped_column(default=DEFAULT_SIGN_DAYS)
    duplicate_days: Mapped[int] = mapped_column(default=DEFAULT_DUPLICATE_DAYS)

    def days_by_kind(self) -> dict[str, int]:
        return {k: getattr(self, f"{k}_days") for k in (Kind.CONSULT, Kind.HELP, Kind.COMPLAINT, Kind.REPORT,
                                                        Kind.SUGGEST)}


class ComplaintNumber(Base):
    """The last reference number given per center and day, taken atomically (INSERT … ON CONFLICT DO UPDATE)."""
    __tablename__ = "complaint_number"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
