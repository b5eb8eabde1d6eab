"""Tables of the AB posts (E1): posts with their A and B holders, absences, and leaders' proxy designations."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class PostKind(StrEnum):
    POST = "post"  # a department's or a window's post
    LEADER = "leader"  # the center's main leader, B the designated deputy


POST_KIND_LABELS = {PostKind.POST: "业务岗位", PostKind.LEADER: "中心主要领导"}


class AbsenceStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    CANCELLED = "cancelled"


ABSENCE_STATUS_LABELS = {AbsenceStatus.PENDING: "待审批", AbsenceStatus.APPROVED: "已批准",
                         AbsenceStatus.REFUSED: "未批准", AbsenceStatus.CANCELLED: "已撤销"}
# Absences that keep someone from the post, for the AB rule: a pending one may be approved at any moment.
HOLDING = (AbsenceStatus.PENDING, AbsenceStatus.APPROVED)


class DutyPost(TimestampMixin, Base):
    __tablename__ = "duty_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # None: leader
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    kind: Mapped[str] = mapped_column(String(16), default=PostKind.POST)
    name: Mapped[str] = mapped_column(String(100))
    duties: Mapped[str] = mapped_column(String(500), default="")  # 岗位职责, for the AB set-up report
    a_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    b_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)


class Absence(TimestampMixin, Base):
    """A leave or absence from a half day to a half day (both included), asked by the person, decided by a leader."""
    __tablename__ = "duty_absence"
    __table_args__ = (Index("ix_duty_absence_staff_dates", "staff_id", "start_date", "end_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # the person's
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[dt.date]
    start_half: Mapped[int]  # 0 morning, 1 afternoon
    end_date: Mapped[dt.date]
    end_half: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500), default="")
    working_days: Mapped[float]  # the length on the center's calendar when asked, by halves
    status: Mapped[str] = mapped_column(String(16), default=AbsenceStatus.PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str] = mapped_column(String(500), default="")


class PostProxy(TimestampMixin, Base):
    """A leader's designation of someone to cover a post over a period (代岗), so that A and B may both be away."""
    __tablename__ = "duty_post_proxy"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("duty_post.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    start_date: Mapped[dt.date]
    start_half: Mapped[int]
    end_date: Mapped[dt.date]
    end_half: Mapped[int]
    note: Mapped[str] = mapped_column(String(500), default="")
    designated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class ActingAction(Base):
    """One action B (or a proxy) took on A's work while A was away: the 代岗 record the handover lists."""

    __tablename__ = "duty_acting_action"
    __table_args__ = (Index("ix_duty_acting_action_absence", "absence_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    absence_id: Mapped[int] = mapped_column(ForeignKey("duty_absence.id"))
    acting_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)  # B, or the proxy
    for_staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))  # A, whose work it is
    at: Mapped[dt.datetime]
    entity: Mapped[str] = mapped_column(String(32))  # case | inquiry | rectification
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(64))  # 受理 / 一次性告知 / 办结环节 / 签收转办 …
    summary: Mapped[str] = mapped_column(String(300))  # names the record: "办件 JC20261118-0001 …"
    link: Mapped[str] = mapped_column(String(200))


class HandoverStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"


HANDOVER_STATUS_LABELS = {HandoverStatus.PENDING: "待确认", HandoverStatus.CONFIRMED: "已确认"}


class Handover(TimestampMixin, Base):
    """交接记录: made when A's approved absence ends; lists what was done for A, and A confirms it on return."""

    __tablename__ = "duty_handover"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    absence_id: Mapped[int] = mapped_column(ForeignKey("duty_absence.id"), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)  # A, who confirms
    acting_names: Mapped[str] = mapped_column(String(200), default="")  # who acted, as made
    actions: Mapped[int] = mapped_column(default=0)
    return_day: Mapped[dt.date]  # A's first working half day back
    due_on: Mapped[dt.date]  # A confirms by this working day
    status: Mapped[str] = mapped_column(String(16), default=HandoverStatus.PENDING, index=True)
    confirmed_at: Mapped[dt.datetime | None]
    note: Mapped[str] = mapped_column(String(500), default="")  # A's remark on confirming
    deadline_state: Mapped[str] = mapped_column(String(16), default="")  # cases.rules.DeadlineState, notified once


class LeaveRefusal(Base):
    """A leave asked for and refused because it would have emptied a post: nothing of the leave is kept, but the
    attempt is, for the supervisors' breach list (空岗拒绝)."""

    __tablename__ = "duty_leave_refusal"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    start_date: Mapped[dt.date]
    start_half: Mapped[int]
    end_date: Mapped[dt.date]
    end_half: Mapped[int]
    message: Mapped[str] = mapped_column(String(1000))  # the refusal as the person read it
    at: Mapped[dt.datetime] = mapped_column(index=True)
