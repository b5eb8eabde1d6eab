"""Tables of the organisation tree: center → department → window → staff, and service points."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class DepartmentKind(StrEnum):
    KESHI = "科室"
    BUMEN = "部门"
    DUAN = "段"


class ServicePointType(StrEnum):
    """S3: 3 + 15 + 66 + 44 = 128 points; S2 items 5-7: the trading-center areas."""

    DISTRICT_HALL = "区级大厅"
    STREET_CENTER = "街道综合便民服务中心"
    COMMUNITY_ROOM = "社区便民服务室"
    SELF_SERVICE = "智能自助政务服务点"
    TRADING_HALL = "服务大厅"
    BID_OPENING = "开标区"
    BID_EVALUATION = "评标区"


class Center(TimestampMixin, Base):
    __tablename__ = "center"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(12), default="")  # 行政区划代码, sent to the provincial platform
    active: Mapped[bool] = mapped_column(default=True)


class Department(TimestampMixin, Base):
    __tablename__ = "department"
    __table_args__ = (UniqueConstraint("center_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8), default=DepartmentKind.KESHI)
    active: Mapped[bool] = mapped_column(default=True)


class ServicePoint(TimestampMixin, Base):
    __tablename__ = "service_point"
    __table_args__ = (UniqueConstraint("center_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    point_type: Mapped[str] = mapped_column(String(32))
    address: Mapped[str] = mapped_column(String(300), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id"))
    active: Mapped[bool] = mapped_column(default=True)


class Window(TimestampMixin, Base):
    __tablename__ = "window"
    __table_args__ = (UniqueConstraint("center_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    service_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)


class Staff(TimestampMixin, Base):
    """A staff member; with a username and password also a user who signs in with a role (SPEC A3)."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("center_id", "staff_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"))
    staff_no: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(64), default="")
    # Higher rank answers first (S1 首问负责: with several responders the highest-ranked is responsible).
    rank: Mapped[int] = mapped_column(default=1)
    phone: Mapped[str] = mapped_column(String(32), default="")
    role: Mapped[str] = mapped_column(String(16))
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[dt.datetime | None]
    # Copied into the session at sign-in and checked on every request; raised to end every session of the user
    # (sign-out, password change, deactivation, role change).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
