"""Admin pages of service items: list with search and alerts, create, view and edit with materials, deactivate."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.items import service
from xiaoneng.items.rules import guide_is_stale, is_immediate
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/admin/items", dependencies=[Depends(require_csrf)], include_in_schema=False)

FIELDS = ("code", "name", "department_id", "legal_basis", "statutory_limit_days", "promised_limit_days", "procedure",
          "fees", "online", "guide_reviewed_on")
BLANK_MATERIAL_ROWS = 2


def _max_days(request: Request) -> int:
    return request.app.state.settings.guide_review_max_days


def _int_or_none(value: str | None) -> int | None:
    return id_or_none(value)


async def _read_form(request: Request) -> tuple[dict, list[dict]]:
    """The item's fields and its material rows (indexed m-<n>-<field>; blank rows dropped, removed rows skipped)."""
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in FIELDS}
    values["online"] = "1" if form.get("online") else ""
    indexes = sorted({int(k.split("-")[1]) for k in form.keys() if k.startswith("m-") and k.split("-")[1].isdigit()})
    rows = []
    for i in indexes:
        row = {
            "name": str(form.get(f"m-{i}-name", "")).strip(),
            "sample_text": str(form.get(f"m-{i}-sample_text", "")).strip(),
            "copies": str(form.get(f"m-{i}-copies", "")).strip(),
            "required": bool(form.get(f"m-{i}-required")),
        }
        if form.get(f"m-{i}-remove") or not (row["name"] or row["sample_text"]):
            continue
        rows.append(row)
    return values, rows


def _service_args(values: dict) -> dict:
    args = dict(values)
    args["online"] = bool(values.get("online"))
    args["guide_reviewed_on"] = values.get("guide_reviewed_on") or None
    return args


def _item_values(item) -> dict:
    return {f: "" if getattr(item, f) is None else ("1" if getattr(item, f) is True else
                                                    "" if getattr(item, f) is False else str(getattr(item, f)))
            for f in FIELDS}


def _material_values(materials) -> list[dict]:
    return [{"name": m.name, "sample_text": m.sample_text, "copies": m.copies, "required": m.required}
            for m in materials]


def _form_page(request: Request, db: Session, actor: Actor, *, item=None, values: dict, materials: list[dict],
               errors: dict | None = None, error: str | None = None, status_code: int = 200):
    can_write = actor.can("items.write") and (item is None or not actor.department_scoped
                                              or item.department_id == actor.department_id)
    blank = {"name": "", "sample_text": "", "copies": "原件1份", "required": True}
    ctx = {
        "item": item, "values": values, "materials": materials + [blank] * BLANK_MATERIAL_ROWS,
        "departments": org.department_choices(db, actor=actor), "errors": errors or {}, "error": error,
        "can_write": can_write, "flash": take_flash(request),
        "title": f"{item.name}（{item.code}）" if item else "新建服务事项",
        "action": f"/admin/items/{item.id}" if item else "/admin/items/new",
        "stale": item is not None and item.active and guide_is_stale(item.guide_reviewed_on, today=clock.today(),
                                                                     max_days=_max_days(request)),
        "max_days": _max_days(request), "today": clock.today().isoformat(),
    }
    return render(request, "items/form.html", ctx, status_code=status_code, actor=actor)


@router.get("")
def items_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("items.read")
    params = {"q": request.query_params.get("q", ""), "department_id": request.query_params.get("department_id", ""),
              "include_inactive": bool(request.query_params.get("include_inactive"))}
    page_no = _int_or_none(request.query_params.get("page")) or 1
    result = service.list_items(db, actor=actor, q=params["q"], department_id=_int_or_none(params["department_id"]),
                                page=page_no, include_inactive=params["include_inactive"])
    stale = service.stale_guides(db, actor=actor, today=clock.today(), max_days=_max_days(request))
    departments = org.department_choices(db, actor=actor)

    def url(page: int) -> str:
        query = {k: v for k, v in params.items() if v not in (None, "", False)}
        return f"/admin/items?{urlencode({**query, 'page': page})}"

    ctx = {
        "page": result, "params": params, "departments": departments,
        "department_names": {d.id: d.name for d in departments}, "stale": stale,
        "stale_ids": {s.item.id for s in stale}, "max_days": _max_days(request), "immediate": is_immediate,
        "can_write": actor.can("items.write"), "flash": take_flash(request),
        "prev_url": url(result.page - 1) if result.page > 1 else None,
        "next_url": url(result.page + 1) if result.page < result.pages else None,
    }
    return render(request, "items/list.html", ctx, actor=actor)


@router.get("/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("items.write")
    values = {f: "" for f in FIELDS}
    values.update(statutory_limit_days="0", promised_limit_days="", fees="不收费")
    if actor.department_scoped:
        values["department_id"] = str(actor.department_id or "")
    return _form_page(request, db, actor, values=values, materials=[])


@router.post("/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("items.write")
    values, materials = await _read_form(request)
    try:
        item = service.create_item(db, actor=actor, materials=materials, **_service_args(values))
    except ValidationFailed as exc:
        db.rollback()
        return _form_page(request, db, actor, values=values, materials=materials, errors={exc.field: exc.message},
                          error=exc.message, status_code=422)
    flash(request, f"已新建服务事项：{item.name}")
    return RedirectResponse(f"/admin/items/{item.id}", status_code=303)


@router.get("/{item_id}")
def detail(item_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    item = service.get_item(db, actor=actor, item_id=item_id)
    materials = service.item_materials(db, actor=actor, item_id=item.id)
    return _form_page(request, db, actor, item=item, values=_item_values(item), materials=_material_values(materials))


@router.post("/{item_id}")
async def update(item_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    actor.require("items.write")
    item = service.get_item(db, actor=actor, item_id=item_id)
    values, materials = await _read_form(request)
    try:
        service.update_item(db, actor=actor, item_id=item.id, materials=materials, **_service_args(values))
    except ValidationFailed as exc:
        db.rollback()
        item = service.get_item(db, actor=actor, item_id=item_id)
        return _form_page(request, db, actor, item=item, values=values, materials=materials,
                          errors={exc.field: exc.message}, error=exc.message, status_code=422)
    flash(request, "已保存")
    return RedirectResponse(f"/admin/items/{item_id}", status_code=303)


def _action(item_id: int, request: Request, db: Session, actor: Actor, call, message: str):
    if not actor.can("items.write"):
        raise Forbidden()
    call()
    flash(request, message)
    return RedirectResponse(f"/admin/items/{item_id}", status_code=303)


@router.post("/{item_id}/deactivate")
def deactivate(item_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _action(item_id, request, db, actor, lambda: service.deactivate_item(db, actor=actor, item_id=item_id),
                   "已停用该事项")


@router.post("/{item_id}/activate")
def activate(item_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _action(item_id, request, db, actor, lambda: service.activate_item(db, actor=actor, item_id=item_id),
                   "已重新启用该事项")


@router.post("/{item_id}/guide-reviewed")
def guide_reviewed(item_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _action(item_id, request, db, actor,
                   lambda: service.mark_guide_reviewed(db, actor=actor, item_id=item_id, on=clock.today()),
                   "已记录办事指南审核（今天）")
