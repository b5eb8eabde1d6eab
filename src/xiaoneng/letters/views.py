"""Pages of official letters: the list (filters, search, sort, XLSX), composing a 提示函 or 督办函 to a department,
a letter's page with its preview, issue button and DOCX/PDF downloads, editing a draft, the center's settings."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import actor_center_id, parse_date
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.letters import docx_render, layout, pdf_render, queries, rules, service
from xiaoneng.letters import render as documents
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import attachment, export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)

LABELS = {"kinds": rules.KIND_LABELS, "statuses": rules.STATUS_LABELS,
          "hand_kinds": {k: rules.KIND_LABELS[k] for k in rules.HAND_WRITTEN}}
FORM_FIELDS = ("kind", "to_department_id", "to_name", "title", "paragraphs", "attachments", "copy_to")


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "kind", "status", "department_id", "start", "end", "sort", "order")}
    filters = queries.Filters(q=params["q"], kind=params["kind"], status=params["status"],
                              department_id=id_or_none(params["department_id"]),
                              start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                              sort=params["sort"] or "date", descending=params["order"] != "asc")
    return filters, params


@router.get("/letters")
def list_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    filters, params = _filters(request)
    result = queries.list_letters(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
        return "/letters?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "date")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "departments": org.department_choices(db, actor=actor),
           "sort_url": sort_url, "flash": take_flash(request),
           "export_url": export_link(request, "/letters/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "letters/list.html", ctx, actor=actor)


@router.get("/letters/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"公文（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="letters", label="公文",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


def _form(request: Request, db: Session, actor: Actor, *, values: dict, errors: dict | None = None,
          letter=None, status_code: int = 200):
    ctx = {"values": values, "errors": errors or {}, "letter": letter,
           "departments": org.department_choices(db, actor=system_actor(actor_center_id(actor))), **LABELS}
    return render(request, "letters/compose.html", ctx, actor=actor, status_code=status_code)


async def _posted(request: Request) -> dict:
    form = await request.form()
    return {f: str(form.get(f, "")) for f in FORM_FIELDS}


def _content(values: dict) -> dict:
    return {"kind": values["kind"], "to_department_id": values["to_department_id"] or None,
            "to_name": values["to_name"], "title": values["title"],
            "paragraphs": rules.split_lines(values["paragraphs"]),
            "attachments": rules.split_lines(values["attachments"]), "copy_to": rules.split_lines(values["copy_to"])}


@router.get("/letters/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser, kind: str = "notice",
             department_id: Id | None = None):
    actor.require("letters.write")
    return _form(request, db, actor, values={"kind": kind if kind in rules.HAND_WRITTEN else "notice",
                                             "to_department_id": str(department_id or "")})


@router.post("/letters/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("letters.write")
    values = await _posted(request)
    if values["kind"] not in rules.HAND_WRITTEN:  # 催办通知书 and 通报 come from the complaints' deadlines
        return _form(request, db, actor, values=values, errors={"kind": "请选择提示函或督办函"}, status_code=422)
    try:
        letter = service.draft(db, actor=actor, **_content(values))
    except ValidationFailed as exc:
        db.rollback()
        return _form(request, db, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    flash(request, "草稿已保存，核对预览无误后点“印发”编号")
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


def _settings_page(request: Request, actor: Actor, *, values: dict, errors: dict | None = None,
                   status_code: int = 200):
    return render(request, "letters/settings.html", {"values": values, "errors": errors or {},
                                                     "flash": take_flash(request)}, actor=actor,
                  status_code=status_code)


# Before "/letters/{letter_id}": "settings" is no letter.
@router.get("/letters/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("letters.settings")
    row = service.settings_for(db, actor_center_id(actor))
    example = rules.letter_number(row.prefix, rules.Kind.NOTICE, clock.today().year, 1)
    return _settings_page(request, actor, values={"prefix": row.prefix, "signature": row.signature,
                                                  "printed_by": row.printed_by, "example": example})


@router.post("/letters/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("letters.settings")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("prefix", "signature", "printed_by")}
    try:
        service.update_settings(db, actor=actor, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    flash(request, "已保存，此后印发的公文使用新的代字、落款和印发机关")
    return RedirectResponse("/letters/settings", status_code=303)


@router.get("/letters/{letter_id}")
def detail(letter_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    letter = service.get_letter(db, actor=actor, letter_id=letter_id)
    names = org.staff_names(db, center_id=letter.center_id, staff_ids={letter.drafted_by_id, letter.issued_by_id})
    ctx = {"l": letter, "doc": layout.document(letter, today=clock.today()), "names": names,
           "may_issue": actor.can("letters.write") and letter.status == rules.Status.DRAFT,
           "flash": take_flash(request), **LABELS}
    return render(request, "letters/detail.html", ctx, actor=actor)


@router.get("/letters/{letter_id}/edit")
def edit_page(letter_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    actor.require("letters.write")
    letter = service.get_letter(db, actor=actor, letter_id=letter_id)
    values = {"kind": letter.kind, "to_department_id": str(letter.department_id or ""),
              "to_name": letter.to_name if letter.department_id is None else "", "title": letter.title,
              "paragraphs": "\n".join(letter.paragraphs), "attachments": "\n".join(letter.attachments),
              "copy_to": "\n".join(letter.copy_to)}
    return _form(request, db, actor, values=values, letter=letter)


@router.post("/letters/{letter_id}/edit")
async def save_edit(letter_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    values = await _posted(request)
    letter = service.get_letter(db, actor=actor, letter_id=letter_id)
    try:
        service.update_draft(db, actor=actor, letter_id=letter_id, **_content(values))
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        return _form(request, db, actor, values=values, letter=letter, errors={exc.field: exc.message},
                     status_code=422 if isinstance(exc, ValidationFailed) else 409)
    flash(request, "草稿已修改")
    return RedirectResponse(f"/letters/{letter_id}", status_code=303)


@router.post("/letters/{letter_id}/issue")
def issue(letter_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    try:
        letter = service.issue(db, actor=actor, letter_id=letter_id)
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse(f"/letters/{letter_id}", status_code=303)
    flash(request, f"已印发，发文字号 {letter.number}" + ("，已通知主送科室负责人" if letter.department_id else ""))
    return RedirectResponse(f"/letters/{letter.id}", status_code=303)


DRAW = {"pdf": (pdf_render.pdf_bytes, documents.PDF_MEDIA_TYPE), "docx": (docx_render.docx_bytes, documents.DOCX_MEDIA_TYPE)}


@router.get("/letters/{letter_id}/letter.{suffix}")
def download(letter_id: Id, suffix: str, request: Request, db: DbSession, actor: CurrentUser):
    """The letter as PDF or DOCX. Drawn after the request's transaction has ended (a PDF takes most of a second,
    and on SQLite the request's session holds the write lock), then the download is recorded in the audit chain."""
    if suffix not in DRAW:
        return Response(status_code=404)
    letter = service.get_letter(db, actor=actor, letter_id=letter_id)
    doc, name = layout.document(letter, today=clock.today()), documents.file_name(letter, suffix)
    fallback, number, letter_pk = f"letter_{letter.id}.{suffix}", letter.number, letter.id
    db.rollback()
    draw, media_type = DRAW[suffix]
    body = draw(doc)
    audit.record(db, actor=actor, action=f"export.{suffix}", entity="letter", entity_id=letter_pk,
                 detail={"number": number})
    inline = suffix == "pdf" and request.query_params.get("view") == "1"
    headers = attachment(name, fallback=fallback)
    if inline:  # 预览: the browser's PDF viewer, not a download
        headers = {"content-disposition": headers["content-disposition"].replace("attachment", "inline", 1)}
    return Response(body, media_type=media_type, headers=headers)
