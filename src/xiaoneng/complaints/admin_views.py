"""The center's complaint settings page and the director's summary. Routes before /complaints/{id}."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.complaints import queries, rules, service, settings
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check_period, parse_date
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)


def _settings_page(request: Request, actor, *, values: dict, errors: dict | None = None, status_code: int = 200):
    return render(request, "complaints/settings.html",
                  {"values": values, "errors": errors or {}, "fields": settings.FIELDS, "defaults": settings.defaults(),
                   "flash": take_flash(request)}, actor=actor, status_code=status_code)


@router.get("/complaints/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    row = service.current_settings(db, actor=actor)
    return _settings_page(request, actor, values={f: getattr(row, f) for f in settings.FIELDS})


@router.post("/complaints/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in settings.FIELDS}
    try:
        service.update_settings(db, actor=actor, values=values)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    flash(request, "已保存，对此后登记和重新办理的投诉生效")
    return RedirectResponse("/complaints/settings", status_code=303)


@router.get("/complaints/summary")
def summary_page(request: Request, db: DbSession, actor: CurrentUser):
    today = clock.today()
    p = request.query_params
    start = parse_date(p.get("start", ""), "start") or today.replace(day=1)
    end = parse_date(p.get("end", ""), "end") or today
    start, end = check_period(start, end, max_days=732, too_long="统计期间不能超过两年")
    result = queries.summary(db, actor=actor, start=start, end=end)
    return render(request, "complaints/summary.html",
                  {"s": result, "start": start, "end": end, "kinds": rules.KIND_LABELS,
                   "year_start": dt.date(today.year, 1, 1)}, actor=actor)
