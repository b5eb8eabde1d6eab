"""Tables of the working-day calendar."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, utcnow


class DayKind(StrEnum):
    STATUTORY = "statutory"  # 法定节假日 fixed by the 全国年节及纪念日放假办法
    HOLIDAY = "holiday"  # other rest day of a holiday period (调休 or weekend inside it)
    WORKDAY = "workday"  # make-up working day (调休上班) on a weekend


class CalendarYear(Base):
    """A year whose schedule was published by the State Council and entered (or seeded)."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    notice: Mapped[str] = mapped_column(String(200), default="")  # e.g. 国办发明电〔2025〕7号
    source: Mapped[str] = mapped_column(String(200))  # chinesecalendar 1.11.0 | notice text | manual
    notice_text: Mapped[str] = mapped_column(Text, default="")
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CalendarDay(Base):
    """A national exception to the Monday-Friday week."""

    __tablename__ = "calendar_day"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(200), default="")


class CalendarOverride(Base):
    """A center's local exception on top of the national calendar, entered by its admin."""

    __tablename__ = "calendar_override"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    working: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(200))
