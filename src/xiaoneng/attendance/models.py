"""Punches imported from the attendance system: one row per staff member, day and minute."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base


class PunchRecord(Base):
    __tablename__ = "attendance_punch"
    __table_args__ = (UniqueConstraint("staff_id", "day", "time"), Index("ix_attendance_punch_center_day",
                                                                          "center_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[dt.date]
    time: Mapped[dt.time]
    source: Mapped[str] = mapped_column(String(16), default="dingtalk")  # raw, daily, mapped, spot_check
