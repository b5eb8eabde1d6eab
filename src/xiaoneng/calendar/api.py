"""JSON API of the working-day calendar under /api/calendar."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends

from xiaoneng.calendar import service
from xiaoneng.calendar.schemas import (
    DayRead, DueRead, NoticeIn, NoticePreviewRead, OverrideCreate, OverrideRead, YearRead,
)
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/calendar", tags=["calendar"], dependencies=[Depends(require_csrf)])

Reader = require_permission("calendar.read")
Writer = require_permission("calendar.write")


def parse_date(value: str | None, field: str) -> dt.date:
    """A YYYY-MM-DD date from a form or query string, or a Chinese error naming the field."""
    if not value or not value.strip():
        raise ValidationFailed("请填写日期", field=field)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(f"日期“{value}”无效，应为 YYYY-MM-DD 格式的真实日期", field=field) from None


def parse_count(value: str | None, field: str = "n") -> int:
    """A whole number of working days from 0 to 3650."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationFailed("工作日数应为整数", field=field) from None
    if not 0 <= n <= 3650:
        raise ValidationFailed("工作日数应在 0 到 3650 之间", field=field)
    return n


def _preview_out(preview, saved: bool = False) -> NoticePreviewRead:
    return NoticePreviewRead(**preview.to_dict(), saved=saved)


@api.get("/is-workday", response_model=DayRead)
def is_workday(db: DbSession, date: str | None = None, actor: Actor = Reader):
    info = service.explain_day(db, day=parse_date(date, "date"), center_id=actor.center_id)
    return DayRead(date=info.day, working=info.working, reason=info.reason, provisional=info.provisional)


@api.get("/add-workdays", response_model=DueRead)
def add_workdays(db: DbSession, start: str | None = None, n: str | None = None, actor: Actor = Reader):
    day, count = parse_date(start, "start"), parse_count(n)
    due = service.add_working_days(db, start=day, n=count, center_id=actor.center_id)
    return DueRead(start=day, n=count, due=due.day, provisional=due.provisional)


@api.get("/years", response_model=list[YearRead])
def years(db: DbSession, actor: Actor = Reader):
    return [YearRead(year=y.year, status=y.status, label=y.label, notice=y.notice, source=y.source,
                     entered_at=y.entered_at) for y in service.list_years(db, actor=actor)]


@api.get("/overrides", response_model=list[OverrideRead])
def overrides(db: DbSession, actor: Actor = Reader):
    return [OverrideRead(center_id=o.center_id, day=o.day, working=o.working, reason=o.reason)
            for o in service.list_overrides(db, actor=actor)]


@api.post("/overrides", response_model=OverrideRead, status_code=201)
def create_override(body: OverrideCreate, db: DbSession, actor: Actor = Writer):
    o = service.add_override(db, actor=actor, day=body.day, working=body.working, reason=body.reason)
    return OverrideRead(center_id=o.center_id, day=o.day, working=o.working, reason=o.reason)


@api.delete("/overrides/{day}", status_code=204)
def delete_override(day: str, db: DbSession, reason: str = "", actor: Actor = Writer):
    service.remove_override(db, actor=actor, day=parse_date(day, "day"), reason=reason)


@api.post("/notice/preview", response_model=NoticePreviewRead)
def notice_preview(body: NoticeIn, db: DbSession, actor: Actor = Writer):
    return _preview_out(service.preview_notice(db, actor=actor, text=body.text, year=body.year))


@api.post("/notice", response_model=NoticePreviewRead)
def notice_save(body: NoticeIn, db: DbSession, actor: Actor = Writer):
    return _preview_out(service.save_notice(db, actor=actor, text=body.text, year=body.year), saved=True)
