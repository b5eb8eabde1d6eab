"""Tables of service items and their required materials."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class ServiceItem(TimestampMixin, Base):
    __tablename__ = "service_item"
    __table_args__ = (UniqueConstraint("center_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # 设定依据
    # Working days. Statutory 0: no limit set by law. Promised None: not set (cases take the statutory limit);
    # promised 0: 即办件, done on the spot (due the day of receipt).
    statutory_limit_days: Mapped[int] = mapped_column(default=0)
    promised_limit_days: Mapped[int | None] = mapped_column(default=None)
    procedure: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[str] = mapped_column(String(200), default="不收费")
    online: Mapped[bool] = mapped_column(default=False)
    guide_reviewed_on: Mapped[dt.date | None]
    version: Mapped[int] = mapped_column(default=1)  # 事项版本, sent to the provincial platform
    active: Mapped[bool] = mapped_column(default=True)


class ItemMaterial(Base):
    __tablename__ = "item_material"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_item.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(200))
    sample_text: Mapped[str] = mapped_column(Text, default="")  # 示范文本
    copies: Mapped[str] = mapped_column(String(32), default="原件1份")
    required: Mapped[bool] = mapped_column(default=True)
