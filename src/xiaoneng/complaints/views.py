"""Staff pages of complaints: the list (filters, search, sort, XLSX), registering one, a complaint with its trail and
the actions the signed-in role may take on it (assign, sign for, note, answer, call back, decide, merge, split)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.complaints import common, evidence, intake, queries, rules, service, urges, workflow
from xiaoneng.letters import service as letters
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.masking import mask_phone
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
LABELS = {"channels": rules.CHANNEL_LABELS, "kinds": rules.KIND_LABELS, "statuses": rules.STATUS_LABELS,
          "callbacks": rules.CALLBACK_LABELS, "deadlines": queries.DEADLINE_FILTERS,
          "methods": workflow.ANSWER_METHODS, "events": common.EVENT_LABELS, "urge_kinds": rules.URGE_LABELS}
FORM_FIELDS = ("channel", "kind", "content", "title", "complainant_name", "complainant_phone", "complainant_contact",
               "source_number", "department_id", "received_at")


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "status", "channel", "kind", "topic", "deadline", "department_id",
                                        "start", "end", "sort", "order")}
    filters = queries.Filters(q=params["q"], status=params["status"], channel=params["channel"], kind=params["kind"],
                              topic=params["topic"], deadline=params["deadline"],
                              department_id=id_or_none(params["department_id"]),
                              start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                              sort=params["sort"] or "received", descending=params["order"] != "asc")
    return filters, params


@router.get("/complaints")
def list_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    filters, params = _filters(request)
    result = queries.list_complaints(db, actor=actor, filters=filters, page=page)
    everyone = org.department_choices(db, actor=system_actor(actor.center_id))

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/complaints?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "received")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "departments": everyone, "department_names": {d.id: d.name for d in everyone},
           "topics": queries.topics(db, actor=actor), "status_text": queries.status_text, "sort_url": sort_url,
           "flash": take_flash(request), "export_url": export_link(request, "/complaints/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "complaints/list.html", ctx, actor=actor)


@router.get("/complaints/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"投诉处理清单（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="complaints", label="投诉处理清单",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


def _form(request: Request, db: Session, actor: Actor, *, values: dict, errors: dict | None = None,
          status_code: int = 200):
    ctx = {"values": values, "errors": errors or {}, "staff_channels": intake.STAFF_CHANNELS,
           "departments": org.department_choices(db, actor=system_actor(actor.center_id)), **LABELS}
    return render(request, "complaints/new.html", ctx, actor=actor, status_code=status_code)


@router.get("/complaints/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("complaints.manage")
    return _form(request, db, actor, values={"channel": "phone", "kind": "complaint",
                                             "received_at": clock.now().strftime("%Y-%m-%dT%H:%M")})


def _moment(text: str) -> dt.datetime | None:
    if not text.strip():
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed("收到时间格式不正确", field="received_at") from None
    return value if value.tzinfo else value.replace(tzinfo=clock.TZ)


@router.post("/complaints/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("complaints.manage")
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in FORM_FIELDS}
    try:
        received = _moment(values["received_at"])
        complaint = service.register(db, actor=actor, received_at=received,
                                     **{k: v for k, v in values.items() if k != "received_at"})
    except ValidationFailed as exc:
        db.rollback()
        return _form(request, db, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    merged = f"，与 {db.get(type(complaint), complaint.merged_into_id).number} 重复，已并入" \
        if complaint.merged_into_id else ""
    flash(request, f"已登记，投诉编号 {complaint.number}{merged}")
    return RedirectResponse(f"/complaints/{complaint.id}", status_code=303)


@router.get("/complaints/{complaint_id}")
def detail(complaint_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    c = service.get_complaint(db, actor=actor, complaint_id=complaint_id)
    reader = system_actor(c.center_id)
    departments = org.department_choices(db, actor=reader)
    into, merged = common.linked(db, c)
    trail = common.trail(db, c)
    may = {
        "classify": actor.can("complaints.manage") and c.status in rules.OPEN,
        "assign": actor.can("complaints.manage") and c.status in rules.TRANSITIONS["assign"][0],
        "sign": actor.can("complaints.handle") and c.status == rules.Status.ASSIGNED,
        "note": actor.can("complaints.handle") and c.status in rules.TRANSITIONS["note"][0],
        "answer": actor.can("complaints.handle") and c.status in rules.TRANSITIONS["answer"][0],
        "callback": actor.can("complaints.manage") and c.status == rules.Status.ANSWERED,
        "decide": actor.can("complaints.decide") and c.status == rules.Status.ESCALATED,
        "merge": actor.can("complaints.manage") and c.status in rules.TRANSITIONS["merge"][0],
        "split": actor.can("complaints.manage") and c.status == rules.Status.MERGED,
    }
    phone = c.complainant_phone if actor.can("personal.read") else mask_phone(c.complainant_phone)
    ctx = {"c": c, "phone": phone, "trail": trail, "into": into, "merged": merged, "may": may,
           "departments": departments, "department_names": {d.id: d.name for d in departments},
           "names": org.staff_names(db, center_id=c.center_id, staff_ids={c.staff_id, c.handler_id} - {None}),
           "windows": {w.id: w.name for w in org.window_choices(db, actor=reader)},
           "staff": org.staff_choices(db, center_id=c.center_id), "files": evidence.of(db, c.id),
           "urges": urges.of(db, c.id),
           "letters": letters.letters_about(db, actor=actor, entity="complaint", source_id=c.id)
           if actor.can("letters.read") else [], "status_text": queries.status_text, "flash": take_flash(request),
           "flash_kind": request.session.pop("flash_kind", None), "evidence_types": evidence.TYPE_NAMES, **LABELS}
    return render(request, "complaints/detail.html", ctx, actor=actor)


ACTIONS = {
    "assign": lambda db, a, cid, f: service.assign(db, actor=a, complaint_id=cid, department_id=f.get("department_id")),
    "sign": lambda db, a, cid, f: service.sign(db, actor=a, complaint_id=cid),
    "note": lambda db, a, cid, f: service.note(db, actor=a, complaint_id=cid, text=str(f.get("text", ""))),
    "answer": lambda db, a, cid, f: service.answer(db, actor=a, complaint_id=cid, text=str(f.get("answer", "")),
                                                   method=str(f.get("method", ""))),
    "callback": lambda db, a, cid, f: service.callback(db, actor=a, complaint_id=cid, result=str(f.get("result", "")),
                                                       note=str(f.get("note", ""))),
    "decide": lambda db, a, cid, f: service.decide(db, actor=a, complaint_id=cid, text=str(f.get("decision", ""))),
    "classify": lambda db, a, cid, f: service.reclassify(db, actor=a, complaint_id=cid, kind=str(f.get("kind", "")),
                                                         topic=str(f.get("topic", "")), staff_id=f.get("staff_id"),
                                                         window_id=f.get("window_id")),
    "merge": lambda db, a, cid, f: service.merge(db, actor=a, complaint_id=cid, primary_number=str(f.get("primary", ""))),
    "split": lambda db, a, cid, f: service.split(db, actor=a, complaint_id=cid),
}
DONE = {"assign": "已分派，承办单位会收到通知", "sign": "已签收", "note": "已记录调查情况", "answer": "已答复诉求人",
        "callback": "已记录回访结果", "decide": "已批示，投诉办结", "classify": "已修改分类", "merge": "已并入",
        "split": "已取消合并，单独办理"}


@router.post("/complaints/{complaint_id}/answer/check")
async def check_answer(complaint_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    """The answer form's 检查答复: the draft's scores and reasons as JSON, for reply-check.js; nothing is saved."""
    form = await request.form()
    try:
        result = service.check_answer(db, actor=actor, complaint_id=complaint_id, text=str(form.get("answer", "")))
    except ValidationFailed as exc:
        return JSONResponse({"message": exc.message, "field": exc.field}, status_code=422)
    return JSONResponse(result)


@router.post("/complaints/{complaint_id}/{action}")
async def act(complaint_id: Id, action: str, request: Request, db: DbSession, actor: CurrentUser):
    if action not in ACTIONS:
        raise ValidationFailed("不支持的操作", field="action")
    form = await request.form()
    try:
        ACTIONS[action](db, actor, complaint_id, form)
        flash(request, DONE[action])
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/complaints/{complaint_id}", status_code=303)
