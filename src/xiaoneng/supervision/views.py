"""Pages of the yellow and red cards: the list (filters, search, sort, export) and the form that sends a 督办通知
on one card. The notices themselves are in notice_views.py, the breach list in breach_views.py."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, period_text
from xiaoneng.org import service as org
from xiaoneng.supervision import cards, rules, service
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/supervision", dependencies=[Depends(require_csrf)], include_in_schema=False)
PARAMS = ("q", "color", "department_id", "handler_id", "month", "start", "end", "notice", "progress", "sort", "order")
LABELS = {"colors": rules.CARD_LABELS, "notice_filters": rules.CARD_NOTICE_FILTERS, "progress": rules.CARD_PROGRESS}


def _filters(request: Request) -> tuple[cards.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in PARAMS}
    month = rules.month_period(params["month"])
    start, end = month or (parse_date(params["start"], "start"), parse_date(params["end"], "end"))
    filters = cards.Filters(q=params["q"], color=params["color"], department_id=id_or_none(params["department_id"]),
                            handler_id=id_or_none(params["handler_id"]), start=start, end=end,
                            notice=params["notice"], progress=params["progress"], sort=params["sort"] or "due",
                            descending=params["order"] != "asc")
    filters.check()
    return filters, params


def _choices(db: Session, actor: Actor) -> dict:
    staff = org.staff_choices(db, center_id=actor.center_id)
    if actor.department_scoped:
        staff = [s for s in staff if s.department_id == actor.department_id]
    return {"departments": org.department_choices(db, actor=actor), "staff": staff}


@router.get("/cards")
def cards_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    actor.require("supervision.read")
    filters, params = _filters(request)
    result = cards.list_cards(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/supervision/cards?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = (params["sort"] or "due") == column
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "sort_url": sort_url, "flash": take_flash(request),
           "flash_kind": request.session.pop("flash_kind", None), "may_issue": actor.can("supervision.issue"),
           "export_url": export_link(request, "/supervision/cards/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None,
           **_choices(db, actor), **LABELS}
    return render(request, "supervision/cards.html", ctx, actor=actor)


@router.get("/cards/export.xlsx")
def export_cards(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("supervision.read")
    filters, _ = _filters(request)
    title = f"黄牌红牌（应完成日期 {period_text(filters.start, filters.end)}，导出于 {clock.today().isoformat()}）"

    def build(session) -> Sheet:
        rows = ([c.color_label, c.number, c.item, c.applicant, c.department, c.handler, c.step_name or "整个办件",
                 c.due_on, c.completed_on, c.days_late, c.notice_label, c.notice_number or ""]
                for c in cards.all_cards(session, actor=actor, filters=filters))
        columns = [Column("牌色"), Column("办件编号", width=16), Column("事项", width=24), Column("申请人", width=16),
                   Column("科室", width=14), Column("责任人"), Column("环节"), Column("应完成日期", "date"),
                   Column("完成日期", "date"), Column("超时（工作日）", "int"), Column("督办状态"),
                   Column("督办文号", width=24)]
        return Sheet(name="黄牌红牌", title=title, columns=columns, rows=rows)

    return xlsx_download(request, db, actor=actor, what="supervision_cards", label="黄牌红牌", build=build)


def _card_of(db: Session, actor: Actor, case_id, step_id) -> cards.Card:
    case = id_or_none(str(case_id or ""), "case_id")
    step = id_or_none(str(step_id or ""), "step_id")
    card = cards.card_for(db, actor=actor, case_id=case, step_id=step) if case else None
    if card is None:
        raise Conflict("没有这张黄牌或红牌：环节或办件未超时，或不在您的范围内", field="case_id")
    return card


def _default_text(card: cards.Card) -> str:
    where = f"“{card.step_name}”环节" if card.step_name else "办件"
    return (f"办件 {card.number}（{card.item}）{where}已超过办理时限 {card.days_late} 个工作日"
            f"（应于 {card.due_on.isoformat()} 前完成）。请查明原因、落实整改，并在反馈期限内将整改情况反馈综合服务科。")


def _form(request: Request, actor: Actor, card: cards.Card, *, values: dict, errors: dict | None = None,
          status_code: int = 200):
    low, high = rules.REPLY_DAYS_BOUNDS
    return render(request, "supervision/notice_new.html", {"card": card, "values": values, "errors": errors or {},
                                                           "low": low, "high": high}, actor=actor,
                  status_code=status_code)


@router.get("/notices/new")
def new_notice(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("supervision.issue")
    card = _card_of(db, actor, request.query_params.get("case_id"), request.query_params.get("step_id"))
    if card.notice_id is not None:
        return RedirectResponse(f"/supervision/notices/{card.notice_id}", status_code=303)
    return _form(request, actor, card, values={"text": _default_text(card), "reply_days": rules.DEFAULT_REPLY_DAYS})


@router.post("/notices/new")
async def issue(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("supervision.issue")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("case_id", "step_id", "text", "reply_days")}
    card = _card_of(db, actor, values["case_id"], values["step_id"])
    try:
        notice = service.issue(db, actor=actor, case_id=card.case_id, step_id=card.step_id, text=values["text"],
                               reply_days=values["reply_days"])
    except ValidationFailed as exc:
        db.rollback()
        return _form(request, actor, card, values=values, errors={exc.field: exc.message}, status_code=422)
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse("/supervision/cards", status_code=303)
    flash(request, f"已发出督办通知 {notice.number}，已通知责任人和科室负责人，反馈期限 {notice.reply_due.isoformat()}")
    return RedirectResponse(f"/supervision/notices/{notice.id}", status_code=303)
