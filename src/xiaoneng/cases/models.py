"""Tables of cases (办件): the case, its steps (each rated on its own) and the events its S1 clock is folded from."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from xiaoneng.db import Base, TimestampMixin


class CaseStatus(StrEnum):
    RECEIVED = "received"  # 已收件
    ACCEPTED = "accepted"  # 已受理
    SUSPENDED = "suspended"  # 补正中: a one-time notice stopped the clock
    COMPLETED = "completed"  # 已办结
    REJECTED = "rejected"  # 不予受理


CASE_STATUS_LABELS = {
    CaseStatus.RECEIVED: "已收件",
    CaseStatus.ACCEPTED: "已受理",
    CaseStatus.SUSPENDED: "补正中",
    CaseStatus.COMPLETED: "已办结",
    CaseStatus.REJECTED: "不予受理",
}


class ApplicantType(StrEnum):
    PERSON = "person"  # 自然人
    ORGANISATION = "organisation"  # 法人或其他组织


APPLICANT_TYPE_LABELS = {ApplicantType.PERSON: "自然人", ApplicantType.ORGANISATION: "法人"}


class CaseOrigin(StrEnum):
    WINDOW = "window"  # applied at a window
    ONLINE = "online"  # applied online: steps handled in the back office, each rated (一环节一评)
    EXTERNAL = "external"  # a rating invitation received for a case handled in another system (K7)


class EventKind(StrEnum):
    """The S1 clock events (cases/rules.py folds them)."""

    RECEIVED = "received"
    NOTICE = "notice"
    SUPPLEMENT = "supplement"
    EXTENSION = "extension"
    COMPLETED = "completed"
    REFUSED = "refused"  # 不予受理: ends the clock


class Case(TimestampMixin, Base):
    __tablename__ = "service_case"
    __table_args__ = (
        UniqueConstraint("center_id", "number"),
        Index("ix_service_case_center_completed_on", "center_id", "completed_on"),
        # The case list pages newest first within a center or a department.
        Index("ix_service_case_center_received_at", "center_id", "received_at", "id"),
        Index("ix_service_case_department_received_at", "department_id", "received_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"), index=True)
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    number: Mapped[str] = mapped_column(String(40))  # 办件编号, printed on the receipt
    origin: Mapped[str] = mapped_column(String(16), default=CaseOrigin.WINDOW)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.RECEIVED)
    applicant_type: Mapped[str] = mapped_column(String(16), default=ApplicantType.PERSON)
    applicant_name: Mapped[str] = mapped_column(String(100))
    applicant_id_number: Mapped[str] = mapped_column(String(32), default="")  # personal data: masked when shown
    applicant_phone: Mapped[str] = mapped_column(String(32), default="")  # personal data: masked when shown
    # The online account of the applicant, when the case was filed online: lets them rate their own case.
    applicant_account: Mapped[str] = mapped_column(String(64), default="", index=True)
    limit_days: Mapped[int] = mapped_column(default=0)  # promised working days at receipt (0 = 即办)
    received_at: Mapped[dt.datetime]
    accepted_at: Mapped[dt.datetime | None]
    completed_at: Mapped[dt.datetime | None]
    completed_on: Mapped[dt.date | None]  # local (Asia/Shanghai) day of completion
    # Cached from the S1 clock (cases/rules.fold_clock) each time an event is added.
    due_on: Mapped[dt.date | None] = mapped_column(index=True)
    due_provisional: Mapped[bool] = mapped_column(default=False)
    clock_status: Mapped[str] = mapped_column(String(16), default="running")
    overdue: Mapped[bool] = mapped_column(default=False)
    # "", "due_soon" or "overdue" as of the last deadline run (cases/deadlines.py); the case's notices go once each.
    deadline_state: Mapped[str] = mapped_column(String(16), default="", server_default="")
    external_ref: Mapped[str] = mapped_column(String(64), default="")  # the other system's case number (K7)

    steps: Mapped[list[CaseStep]] = relationship(back_populates="case", order_by="CaseStep.seq", lazy="selectin")


class CaseStep(Base):
    """A step of a case; a completed step invites one rating per rater (一环节一评). Window cases have one step."""

    __tablename__ = "case_step"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        # The default-rating job scans open rating windows by deadline.
        Index("ix_case_step_rating_due", "rating_due_on", "rating_closed"),
        # The supervisors' yellow cards: steps of a center by due date.
        Index("ix_case_step_center_due", "center_id", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id", ondelete="CASCADE"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    seq: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(64))  # 受理 / 审查 / 决定 / 办结 / 窗口办理
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    completed_at: Mapped[dt.datetime | None]
    completed_on: Mapped[dt.date | None]
    # The step's share of the case's period (cases/rules.fold_steps): set when the step becomes the open one, None
    # while the clock is stopped for 补正, kept once the step is completed; 待核定 like the case's.
    due_on: Mapped[dt.date | None]
    due_provisional: Mapped[bool] = mapped_column(default=False, server_default="0")
    rating_due_on: Mapped[dt.date | None]  # last day to rate: end of the 5th working day after completion
    rating_closed: Mapped[bool] = mapped_column(default=False)  # rated, or the default recorded
    # The window ends in a year whose schedule is not yet published (待核定); cleared when the notice is saved.
    rating_due_provisional: Mapped[bool] = mapped_column(default=False, server_default="0")

    case: Mapped[Case] = relationship(back_populates="steps")


class CaseEvent(Base):
    """One clock event of S1: received, one-time notice, supplement, extension, completed, refused. Append-only."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[dt.date]
    at: Mapped[dt.datetime]
    materials: Mapped[list] = mapped_column(JSON, default=list)  # notice: the materials asked for
    new_due: Mapped[dt.date | None]  # extension: the approved new deadline
    reason: Mapped[str] = mapped_column(Text, default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class CaseSettings(TimestampMixin, Base):
    """Per-center case settings: how many working days before the due date a case is flagged 即将到期."""

    __tablename__ = "case_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    due_soon_days: Mapped[int] = mapped_column(default=1)


class ExtensionRequest(Base):
    """A handler's request to extend a case's period (S1 限时办结 5), decided by the department head or a center
    leader; on approval an EXTENSION event is added as of the decision. Kept after the decision as its record."""

    __tablename__ = "case_extension_request"
    __table_args__ = (Index("ix_case_extension_request_center_status", "center_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id", ondelete="CASCADE"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # cases.rules.ExtensionStatus
    current_due: Mapped[dt.date | None]  # the due date when it was asked for
    new_due: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    requested_at: Mapped[dt.datetime]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")  # the leader's remark; required on a refusal
