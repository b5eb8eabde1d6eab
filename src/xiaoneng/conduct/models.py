"""Tables of the conduct scan: a center's own phrase set, the findings, and how far each source was scanned."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class FindingStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


FINDING_STATUS_LABELS = {FindingStatus.PENDING: "待核实", FindingStatus.CONFIRMED: "已确认",
                         FindingStatus.DISMISSED: "已排除"}


class Source(StrEnum):
    RATING = "rating"  # a rating's comment
    FOLLOW_UP = "follow_up"  # a rater's follow-up to a rating
    INQUIRY = "inquiry"  # an inquiry's content and answer
    COMPLAINT = "complaint"  # a complaint (投诉/举报) and the staff member it names


SOURCE_LABELS = {Source.RATING: "评价内容", Source.FOLLOW_UP: "追评", Source.INQUIRY: "咨询记录"}
SOURCE_LABELS[Source.COMPLAINT] = "投诉内容"


class PhraseSet(TimestampMixin, Base):
    """A center's phrases when its admin has edited them (else the built-in set of S1), in the JSON form of
    conduct/data/phrases.json."""
    __tablename__ = "conduct_phrase_set"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)


class Finding(TimestampMixin, Base):
    """One hit of a forbidden phrase in a text about a staff member, for a supervisor to confirm or dismiss."""
    __tablename__ = "conduct_finding"
    __table_args__ = (UniqueConstraint("source", "source_id", "phrase_code", "start"),
                      Index("ix_conduct_finding_center_status", "center_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # whom it concerns
    source: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[int]
    link: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)  # the text as scanned, so the evidence stays as it was found
    phrase_code: Mapped[str] = mapped_column(String(16))
    phrase_text: Mapped[str] = mapped_column(String(200))
    start: Mapped[int]
    end: Mapped[int]
    found_on: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(16), default=FindingStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str] = mapped_column(String(500), default="")


class ScanMark(Base):
    """The last id of each source that the scan has read."""
    __tablename__ = "conduct_scan_mark"

    source: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_id: Mapped[int] = mapped_column(default=0)
