"""Punches imported from the attendance system (one row per staff member, day and minute), the imports
themselves, and the inspectors' spot checks at the key times with who was found at the post."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

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


class AttendanceImport(Base):
    """One file imported: who, when, which file and what it held (the page's list of past imports)."""
    __tablename__ = "attendance_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # None: the command line
    imported_by_name: Mapped[str] = mapped_column(String(64), default="")
    imported_at: Mapped[dt.datetime]
    file_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # raw, daily, mapped
    rows: Mapped[int]  # punches read from the file
    punches: Mapped[int]  # new ones stored
    already: Mapped[int]
    staff: Mapped[int]  # people matched
    first_day: Mapped[dt.date | None]
    last_day: Mapped[dt.date | None]


class SpotCheckTarget(StrEnum):
    WINDOW = "window"
    DEPARTMENT = "department"


TARGET_LABELS = {SpotCheckTarget.WINDOW: "窗口", SpotCheckTarget.DEPARTMENT: "科室"}


class SpotCheck(Base):
    """An inspector's check at a key time (巡查抽检) of who is at the post at a window or in a department."""
    __tablename__ = "attendance_spot_check"
    # One check per window (or department), day and key time: a second would count its absences twice.
    __table_args__ = (UniqueConstraint("center_id", "target_key", "day", "key_time"),
                      Index("ix_attendance_spot_check_center_day", "center_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # the window's department
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    target: Mapped[str] = mapped_column(String(16))  # SpotCheckTarget
    target_key: Mapped[str] = mapped_column(String(40))  # "window:12" or "department:3"
    day: Mapped[dt.date]
    time: Mapped[dt.time]
    key_time: Mapped[str] = mapped_column(String(8))  # rules.KeyTime
    inspector_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    inspector_name: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(String(500), default="")
    expected: Mapped[int]
    absent: Mapped[int]
    recorded_at: Mapped[dt.datetime]


class SpotCheckEntry(Base):
    """One person expected at a spot check, found at the post or not."""
    __tablename__ = "attendance_spot_check_entry"
    __table_args__ = (UniqueConstraint("spot_check_id", "staff_id"),
                      Index("ix_attendance_spot_check_entry_staff_day", "staff_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    spot_check_id: Mapped[int] = mapped_column(ForeignKey("attendance_spot_check.id"))
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))  # the person's, for scope
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[dt.date]  # the check's, repeated so the month's absences are read without a join
    key_time: Mapped[str] = mapped_column(String(8))
    present: Mapped[bool]
    note: Mapped[str] = mapped_column(String(200), default="")
