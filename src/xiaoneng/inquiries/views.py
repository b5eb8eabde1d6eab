"""Pages of first inquiries: the log (filters, search, sort, export), logging one, an inquiry with its referral
(sign for, answer). The public look-up is in public.py."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inquiries import queries, rules, service
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.edits import actor_center_id, parse_date
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)

FORM_FIELDS = ("channel", "asker_name", "asker_phone", "content", "outcome", "answer", "case_number",
               "to_department_id", "to_staff_id")
LABELS = {"channels": rules.CHANNEL_LABELS, "outcomes": rules.OUTCOME_LABELS,
          "referral_filters": queries.REFERRAL_FILTERS, "statuses": rules.REFERRAL_STATUS_LABELS}


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "channel", "outcome", "referral", "department_id", "start", "end",
                                        "sort", "order")}
    filters = queries.Filters(q=params["q"], channel=params["channel"], outcome=params["outcome"],
                              referral=params["referral"], department_id=id_or_none(params["department_id"]),
                              start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                              sort=params["sort"] or "asked", descending=params["order"] != "asc")
    return filters, params


@router.get("/inquiries")
def log_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    filters, params = _filters(request)
    result = queries.list_inquiries(db, actor=actor, filters=filters, page=page)
    referrals = queries.referrals_by_inquiry(db, [i.id for i in result.items])
    departments = org.department_choices(db, actor=actor)
    everyone = org.department_choices(db, actor=system_actor(actor.center_id))  # names of referral departments
    names = org.staff_names(db, center_id=actor.center_id, staff_ids={i.responder_id for i in result.items})

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/inquiries?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "asked")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "referrals": referrals, "departments": departments,
           "department_names": {d.id: d.name for d in everyone}, "names": names,
           "referral_text": queries.referral_text, "sort_url": sort_url, "flash": take_flash(request),
           "export_url": export_link(request, "/inquiries/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "inquiries/list.html", ctx, actor=actor)


@router.get("/inquiries/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"首问登记（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inquiries", label="首问登记",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


def _form(request: Request, db: Session, actor: Actor, *, values: dict, errors: dict | None = None,
          status_code: int = 200):
    ctx = {"values": values, "errors": errors or {},
           "departments": org.department_choices(db, actor=system_actor(actor_center_id(actor))),
           "staff": org.staff_choices(db, center_id=actor.center_id), **LABELS}
    return render(request, "inquiries/new.html", ctx, actor=actor, status_code=status_code)


@router.get("/inquiries/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inquiries.write")
    return _form(request, db, actor, values={"channel": "visit", "outcome": "answered"})


@router.post("/inquiries/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inquiries.write")
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in FORM_FIELDS}
    present = [str(v) for v in form.getlist("present_ids") if str(v).strip()]
    try:
        inquiry = service.log_inquiry(db, actor=actor, present_ids=present,
                                      **{k: (v or None) if k.endswith("_id") else v for k, v in values.items()})
    except ValidationFailed as exc:
        db.rollback()
        return _form(request, db, actor, values={**values, "present_ids": present},
                     errors={exc.field: exc.message}, status_code=422)
    flash(request, f"已登记，咨询编号 {inquiry.number}（请告知咨询人，凭编号和电话可查询办理进度）")
    return RedirectResponse(f"/inquiries/{inquiry.id}", status_code=303)


def _settings_page(request: Request, db: Session, actor: Actor, *, values: dict, error: str = "",
                   status_code: int = 200):
    low, high = service.DAY_BOUNDS
    return render(request, "inquiries/settings.html", {"values": values, "error": error, "low": low, "high": high},
                  actor=actor, status_code=status_code)


# Before "/inquiries/{inquiry_id}": "settings" is no inquiry.
@router.get("/inquiries/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    row = service.settings_for(db, actor_center_id(actor))
    return _settings_page(request, db, actor, values={"ack_days": row.ack_days, "answer_days": row.answer_days})


@router.post("/inquiries/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("org.write")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("ack_days", "answer_days")}
    try:
        service.update_settings(db, actor=actor, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, db, actor, values=values, error=exc.message, status_code=422)
    flash(request, f"已保存：转办须 {values['ack_days']} 个工作日内签收、{values['answer_days']} 个工作日内答复"
                   "（对此后的转办生效）")
    return RedirectResponse("/inquiries/settings", status_code=303)


@router.get("/inquiries/{inquiry_id}")
def detail(inquiry_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    inquiry = service.get_inquiry(db, actor=actor, inquiry_id=inquiry_id)
    referrals = service.referrals_of(db, inquiry)
    ids = {inquiry.responder_id, *inquiry.present_ids} | {r.to_staff_id for r in referrals} | \
          {r.assigned_staff_id for r in referrals} | {r.answered_by_id for r in referrals}
    departments = {d.id: d.name for d in org.department_choices(db, actor=system_actor(inquiry.center_id))}
    may_act = {r.id: actor.can("inquiries.write") and r.status != rules.ReferralStatus.ANSWERED and (
        not actor.department_scoped or r.department_id == actor.department_id or r.assigned_staff_id == actor.user_id)
        for r in referrals}
    ctx = {"i": inquiry, "referrals": referrals, "names": org.staff_names(db, center_id=inquiry.center_id,
                                                                           staff_ids=ids),
           "department_names": departments, "may_act": may_act, "referral_text": queries.referral_text,
           "flash": take_flash(request), "open": rules.ReferralStatus.OPEN, **LABELS}
    return render(request, "inquiries/detail.html", ctx, actor=actor)


@router.post("/inquiries/{inquiry_id}/referrals/{referral_id}")
async def act(inquiry_id: Id, referral_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        if form.get("action") == "acknowledge":
            service.acknowledge(db, actor=actor, referral_id=referral_id)
            flash(request, "已签收")
        else:
            service.answer(db, actor=actor, referral_id=referral_id, text=str(form.get("answer", "")))
            flash(request, "已答复，首问人会收到通知")
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inquiries/{inquiry_id}", status_code=303)

