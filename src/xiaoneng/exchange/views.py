"""The exchange page: choose a period, download ratings or cases as JSON or CSV, push to the provincial platform."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import ValidationFailed
from xiaoneng.exchange import rules, service
from xiaoneng.exchange.web import sender
from xiaoneng.kit import clock
from xiaoneng.kit.edits import parse_date
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import render

router = APIRouter(prefix="/admin/exchange", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _page(request: Request, actor, values: dict, *, errors: dict | None = None, status_code: int = 200,
          flash: str | None = None, flash_kind: str | None = None):
    links = {}
    if not errors:
        for kind in service.KINDS:
            for fmt in service.FORMATS:
                links[(kind, fmt)] = f"/api/exchange/{kind}?" + urlencode(
                    {"start": values["start"], "end": values["end"], "format": fmt})
    ctx = {"values": values, "errors": errors or {}, "links": links, "kinds": service.KINDS,
           "channels": rules.CHANNEL_CODES, "flash": flash, "flash_kind": flash_kind,
           "rating_fields": rules.RATING_FIELDS}
    return render(request, "exchange/index.html", ctx, status_code=status_code, actor=actor)


@router.get("")
def exchange_page(request: Request, actor: CurrentUser):
    actor.require("exchange.export")
    today = clock.today()
    first = today.replace(day=1)
    previous_end = first - dt.timedelta(days=1)
    values = {"start": request.query_params.get("start") or previous_end.replace(day=1).isoformat(),
              "end": request.query_params.get("end") or previous_end.isoformat(),
              "kind": request.query_params.get("kind") or "ratings"}
    try:
        service.check_period(parse_date(values["start"], "start"), parse_date(values["end"], "end"))
    except ValidationFailed as exc:
        return _page(request, actor, values, errors={exc.field: exc.message}, status_code=422)
    return _page(request, actor, values, flash=request.session.pop("flash", None))


@router.post("/push")
async def push(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("exchange.export")
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in ("start", "end", "kind")}
    try:
        result = service.push(db, actor=actor, kind=values["kind"] or "ratings", start=parse_date(values["start"], "start"),
                              end=parse_date(values["end"], "end"), sender=sender(request))
    except ValidationFailed as exc:
        db.rollback()
        return _page(request, actor, values, errors={exc.field: exc.message}, status_code=422, flash=exc.message,
                     flash_kind="error")
    request.session["flash"] = f"已推送 {result.count} 条{service.KINDS[values['kind'] or 'ratings']}：{result.reference}"
    return RedirectResponse("/admin/exchange?" + urlencode({k: v for k, v in values.items() if v}), status_code=303)
