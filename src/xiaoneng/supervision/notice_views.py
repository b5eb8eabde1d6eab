"""Pages of the 督办 notices: the list (filters, search, sort, export), one notice with its card, the department
head's reply and the supervisor's close, and the center's 文号代字 for its admin."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.cases import service as cases
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.edits import actor_center_id, parse_date
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.kit.spreadsheets import period_text
from xiaoneng.org import service as org
from xiaoneng.supervision import cards, queries, rules, service
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/supervision", dependencies=[Depends(require_csrf)], include_in_schema=False)
PARAMS = ("q", "status", "deadline", "color", "department_id", "start", "end", "sort", "order")
LABELS = {"statuses": rules.NOTICE_STATUS_LABELS, "deadlines": queries.DEADLINE_FILTERS, "colors": rules.CARD_LABELS}


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in PARAMS}
    filters = queries.Filters(q=params["q"], status=params["status"], deadline=params["deadline"],
                              color=params["color"], department_id=id_or_none(params["department_id"]),
                              start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                              sort=params["sort"] or "issued", descending=params["order"] != "asc")
    return filters, params


@router.get("/notices")
def notices_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    filters, params = _filters(request)
    result = queries.list_notices(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/supervision/notices?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = (params["sort"] or "issued") == column
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "sort_url": sort_url, "flash": take_flash(request),
           "departments": org.department_choices(db, actor=actor),
           "export_url": export_link(request, "/supervision/notices/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "supervision/notices.html", ctx, actor=actor)


@router.get("/notices/export.xlsx")
def export_notices(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"督办通知（督办日期 {period_text(filters.start, filters.end)}，导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="supervision_notices", label="督办通知",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


def _settings_page(request: Request, actor: Actor, *, value: str, error: str = "", status_code: int = 200):
    example = rules.notice_number(value or "政服督", clock.today().year, 1)
    return render(request, "supervision/settings.html", {"value": value, "error": error, "example": example},
                  actor=actor, status_code=status_code)


@router.get("/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    return _settings_page(request, actor, value=service.prefix_for(db, actor_center_id(actor)))


@router.post("/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    form = await request.form()
    value = str(form.get("number_prefix", ""))
    try:
        row = service.update_prefix(db, actor=actor, prefix=value)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, actor, value=value, error=exc.message, status_code=422)
    flash(request, f"已保存：此后的督办通知编为 {rules.notice_number(row.number_prefix, clock.today().year, 1)} 式样")
    return RedirectResponse("/supervision/settings", status_code=303)


def _detail(request: Request, db: Session, actor: Actor, notice_id: int, *, errors: dict | None = None,
            values: dict | None = None, status_code: int = 200):
    notice = service.get_notice(db, actor=actor, notice_id=notice_id)
    case = cases.get_case(db, actor=system_actor(notice.center_id), case_id=notice.case_id)
    step = next((s for s in case.steps if s.id == notice.step_id), None)
    # The card as it stands now (days late so far), read in the center's scope: the handler holds no list rights.
    card = cards.card_for(db, actor=system_actor(notice.center_id), case_id=case.id, step_id=notice.step_id)
    names = org.staff_names(db, center_id=notice.center_id, staff_ids={
        notice.handler_id, notice.issued_by_id, notice.replied_by_id, notice.closed_by_id})
    departments = {d.id: d.name for d in org.department_choices(db, actor=system_actor(notice.center_id))}
    ctx = {"notice": notice, "case": case, "step": step, "card": card, "names": names,
           "department": departments.get(notice.department_id, ""), "flash": take_flash(request),
           "flash_kind": request.session.pop("flash_kind", None), "errors": errors or {}, "values": values or {},
           "may_reply": actor.can("supervision.reply") and actor.can("supervision.read")
           and rules.may_reply(notice.status),
           "may_close": actor.can("supervision.issue") and rules.may_close(notice.status),
           "status_label": rules.NOTICE_STATUS_LABELS[rules.NoticeStatus(notice.status)],
           "color_label": rules.CARD_LABELS[rules.CardColor(notice.color)],
           "deadline_label": {"overdue": "逾期未反馈", "due_soon": "即将到期"}.get(notice.deadline_state, "")
           if notice.status == rules.NoticeStatus.ISSUED else "",
           "late_reply": bool(notice.replied_on and notice.replied_on > notice.reply_due)}
    return render(request, "supervision/notice.html", ctx, actor=actor, status_code=status_code)


@router.get("/notices/{notice_id}")
def notice_page(notice_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _detail(request, db, actor, notice_id)


async def _step(request: Request, db, actor, notice_id: int, *, field: str, param: str, act, done: str):
    """Reply or close: the service's check of the text answered on the notice's page, a conflict as a flash."""
    form = await request.form()
    text = str(form.get(field, ""))
    try:
        act(db, actor=actor, notice_id=notice_id, **{param: text})
    except ValidationFailed as exc:
        db.rollback()
        return _detail(request, db, actor, notice_id, errors={exc.field: exc.message}, values={field: text},
                       status_code=422)
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse(f"/supervision/notices/{notice_id}", status_code=303)
    flash(request, done)
    return RedirectResponse(f"/supervision/notices/{notice_id}", status_code=303)


@router.post("/notices/{notice_id}/reply")
async def reply(notice_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return await _step(request, db, actor, notice_id, field="reply", param="text", act=service.reply,
                       done="已反馈整改情况，督办人会收到通知")


@router.post("/notices/{notice_id}/close")
async def close(notice_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return await _step(request, db, actor, notice_id, field="note", param="note", act=service.close,
                       done="督办已办结")
