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
