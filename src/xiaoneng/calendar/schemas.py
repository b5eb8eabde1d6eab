"""API shapes of the calendar domain."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from xiaoneng.kit.bounds import Day, Flag, Number


class DayRead(BaseModel):
    date: dt.date
    working: bool
    reason: str
    provisional: bool


class DueRead(BaseModel):
    start: dt.date
    n: int
    due: dt.date
    provisional: bool


class YearRead(BaseModel):
    year: int
    status: str
    label: str
    notice: str
    source: str
    entered_at: dt.datetime | None


class OverrideCreate(BaseModel):
    day: Day
    working: Flag
    reason: str = Field(max_length=200)


class OverrideRead(BaseModel):
    center_id: int
    day: dt.date
    working: bool
    reason: str


class NoticeIn(BaseModel):
    text: str
    year: Number | None = None


class HolidayRead(BaseModel):
    name: str
    rest_days: list[dt.date]
    workdays: list[dt.date]
    stated_total: int | None
    total_matches: bool


class NoticePreviewRead(BaseModel):
    year: int
    title: str
    holidays: list[HolidayRead]
    warnings: list[str]
    saved: bool = False
