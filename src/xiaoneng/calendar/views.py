"""Pages of the working-day calendar: years, exceptions, local overrides, due-date calculator, notice import."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from xiaoneng.calendar import service
from xiaoneng.calendar.api import parse_count, parse_date
from xiaoneng.errors import ValidationFailed, XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission
from xiaoneng.web.templating import render

router = APIRouter(prefix="/admin/calendar", dependencies=[Depends(require_csrf)])

Reader = require_permission("calendar.read")
Writer = require_permission("calendar.write")

DONE = {
    "added": "本地调整已保存。",
    "removed": "本地调整已删除。",
    "imported": "放假安排已保存，相关期限将按新日历重新计算。",
}


def _index_context(db, actor: Actor, *, year: int | None, start: str | None = None, n: str | None = None) -> dict:
    years = service.list_years(db, actor=actor)
    official = [y.year for y in years if y.status == "official"]
    provisional = next(y.year for y in years if y.status == "provisional")
    if year is None or not official[0] <= year <= provisional:
        year = min(max(clock.today().year, official[0]), provisional)
    cal = service.get_calendar(db, center_id=actor.center_id)
    by_month: dict[int, dict[str, list]] = defaultdict(lambda: {"rest": [], "work": []})
    for info in cal.exceptions(year):
        by_month[info.day.month]["work" if info.working else "rest"].append(info)
    due = due_error = None
    if start or n:
        try:
            due = service.add_working_days(db, start=parse_date(start, "start"), n=parse_count(n),
                                           center_id=actor.center_id)
        except XiaonengError as exc:
            due_error = exc
    return {
        "years": years, "year": year, "months": sorted(by_month.items()), "provisional_year": provisional,
        "overrides": service.list_overrides(db, actor=actor), "can_write": actor.can("calendar.write"),
        "start": start or "", "n": n or "", "due": due, "due_error": due_error,
        "form": {"day": "", "working": "0", "reason": ""}, "form_error": None,
    }


@router.get("")
def index(request: Request, db: DbSession, year: int | None = None, start: str | None = None, n: str | None = None,
          done: str | None = None, actor: Actor = Reader):
    ctx = _index_context(db, actor, year=year, start=start, n=n)
    if done in DONE:
        ctx["flash"] = DONE[done]
    return render(request, "calendar/index.html", ctx, actor=actor)


@router.post("/overrides")
def add_override(request: Request, db: DbSession, day: Annotated[str, Form()] = "",
                 working: Annotated[str, Form()] = "0", reason: Annotated[str, Form()] = "", actor: Actor = Writer):
    try:
        d = parse_date(day, "day")
        service.add_override(db, actor=actor, day=d, working=working == "1", reason=reason)
    except XiaonengError as exc:
        if exc.status_code in (401, 403):
            raise
        db.rollback()
        ctx = _index_context(db, actor, year=None)
        ctx.update(form={"day": day, "working": working, "reason": reason}, form_error=exc,
                   flash=exc.message, flash_kind="error")
        return render(request, "calendar/index.html", ctx, status_code=exc.status_code, actor=actor)
    return RedirectResponse(f"/admin/calendar?year={d.year}&done=added", status_code=303)


@router.post("/overrides/delete")
def remove_override(db: DbSession, day: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
                    actor: Actor = Writer):
    d = parse_date(day, "day")
    service.remove_override(db, actor=actor, day=d, reason=reason)
    return RedirectResponse(f"/admin/calendar?year={d.year}&done=removed", status_code=303)


def _digest(text: str, year: str) -> str:
    # Binds the confirmation to the text that was previewed: an edit after the preview needs a new preview.
    return hashlib.sha256(f"{year.strip()}\n{text}".encode()).hexdigest()


@router.get("/import")
def import_page(request: Request, actor: Actor = Writer):
    return render(request, "calendar/import.html", {"text": "", "year": "", "preview": None, "error": None}, actor=actor)


@router.post("/import")
def import_notice(request: Request, db: DbSession, text: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "",
                  action: Annotated[str, Form()] = "preview", previewed: Annotated[str, Form()] = "",
                  actor: Actor = Writer):
    ctx = {"text": text, "year": year, "preview": None, "error": None, "digest": _digest(text, year)}
    try:
        y = None
        if year.strip():
            try:
                y = int(year)
            except ValueError:
                raise ValidationFailed("年份应为四位数字", field="year") from None
        if action == "save" and previewed != ctx["digest"]:
            ctx["preview"] = service.preview_notice(db, actor=actor, text=text, year=y)
            ctx["stale"] = True
            return render(request, "calendar/import.html", ctx, status_code=409, actor=actor)
        if action == "save":
            preview = service.save_notice(db, actor=actor, text=text, year=y)
            return RedirectResponse(f"/admin/calendar?year={preview.year}&done=imported", status_code=303)
        ctx["preview"] = service.preview_notice(db, actor=actor, text=text, year=y)
    except XiaonengError as exc:
        if exc.status_code in (401, 403):
            raise
        db.rollback()
        ctx["error"] = exc
        return render(request, "calendar/import.html", ctx, status_code=exc.status_code, actor=actor)
    return render(request, "calendar/import.html", ctx, actor=actor)
