"""Staff pages of questionnaires: the list (state, search, sort, XLSX), composing one from question types, a
survey's page with its link, QR code (PNG, SVG), publish and close, its results as charts, the answers as XLSX.
The public answering page is public.py."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.scope import Actor
from xiaoneng.surveys import charts, links, queries, rules, service
from xiaoneng.surveys.rules import QuestionSpec
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import attachment, export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
LABELS = {"kinds": rules.KIND_LABELS, "statuses": rules.STATUS_LABELS}
EMPTY_SLOTS = 5  # blank question blocks offered under the ones composed so far
SLOTS_MAX = rules.QUESTIONS_MAX + EMPTY_SLOTS


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "status", "sort", "order")}
    return queries.Filters(q=params["q"], status=params["status"], sort=params["sort"] or "created",
                           descending=params["order"] != "asc"), params


@router.get("/surveys")
def list_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    filters, params = _filters(request)
    result = queries.list_surveys(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        return "/surveys?" + urlencode({k: v for k, v in {**params, **changes}.items() if v not in (None, "")})

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "created")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "counts": queries.response_counts(db, [s.id for s in result.items]),
           "sort_url": sort_url, "flash": take_flash(request), "export_url": export_link(request, "/surveys/export.xlsx"),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **LABELS}
    return render(request, "surveys/list.html", ctx, actor=actor)


@router.get("/surveys/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"满意度调查（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="surveys", label="满意度调查",
                         build=lambda s: queries.list_sheet(s, actor=actor, filters=filters, title=title))


def _slots(values: dict) -> int:
    used = sum(1 for n in range(1, SLOTS_MAX + 1) if values.get(f"q{n}_text") or values.get(f"q{n}_options"))
    return min(SLOTS_MAX, used + EMPTY_SLOTS)


def _form(request: Request, actor: Actor, *, values: dict, survey=None, error: str = "", status_code: int = 200):
    ctx = {"values": values, "survey": survey, "error": error, "slots": _slots(values), **LABELS}
    return render(request, "surveys/compose.html", ctx, actor=actor, status_code=status_code)


async def _posted(request: Request) -> tuple[dict, list[QuestionSpec]]:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    questions = []
    for n in range(1, SLOTS_MAX + 1):
        text, options = values.get(f"q{n}_text", "").strip(), _lines(values.get(f"q{n}_options", ""))
        if not text and not options:
            continue  # an unused block
        questions.append(QuestionSpec(kind=values.get(f"q{n}_kind", ""), text=text, options=tuple(options),
                                      required=values.get(f"q{n}_required") == "1"))
    return values, questions


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _values_of(survey, questions) -> dict:
    values = {"title": survey.title, "intro": survey.intro,
              "closes_on": survey.closes_on.isoformat() if survey.closes_on else ""}
    for q in questions:
        values.update({f"q{q.position}_kind": q.kind, f"q{q.position}_text": q.text,
                       f"q{q.position}_options": "\n".join(q.options), f"q{q.position}_required": "1" if q.required else ""})
    return values


@router.get("/surveys/new")
def new_page(request: Request, actor: CurrentUser):
    actor.require("surveys.write")
    return _form(request, actor, values={"q1_kind": "scale", "q1_required": "1"})


@router.post("/surveys/new")
async def create(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("surveys.write")
    values, questions = await _posted(request)
    try:
        survey = service.create_survey(db, actor=actor, title=values.get("title", ""), intro=values.get("intro", ""),
                                       closes_on=parse_date(values.get("closes_on"), "closes_on"), questions=questions)
    except ValidationFailed as exc:
        db.rollback()
        return _form(request, actor, values=values, error=exc.message, status_code=422)
    flash(request, "问卷已保存为草稿，核对后点“发布”生成链接和二维码")
    return RedirectResponse(f"/surveys/{survey.id}", status_code=303)


def _link(request: Request, survey) -> str:
    settings = request.app.state.settings
    return links.public_url(settings.public_base_url, links.sign(survey.id, survey.center_id,
                                                                 secret=settings.secret_key))


@router.get("/surveys/{survey_id}")
def detail(survey_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    survey = service.get_survey(db, actor=actor, survey_id=survey_id)
    results = queries.results(db, survey=survey)
    ctx = {"s": survey, "results": results, "responses": service.response_count(db, survey),
           "charts": {q.id: charts.bars(t, title=q.text) for q, t in results if t.labels},
           "link": _link(request, survey) if survey.status != rules.SurveyStatus.DRAFT else "",
           "flash": take_flash(request), "draft": rules.SurveyStatus.DRAFT,
           "published": rules.SurveyStatus.PUBLISHED, **LABELS}
    return render(request, "surveys/detail.html", ctx, actor=actor)


@router.get("/surveys/{survey_id}/edit")
def edit_page(survey_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    actor.require("surveys.write")
    survey = service.get_survey(db, actor=actor, survey_id=survey_id)
    return _form(request, actor, values=_values_of(survey, service.questions_of(db, survey)), survey=survey)


@router.post("/surveys/{survey_id}/edit")
async def save_edit(survey_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    values, questions = await _posted(request)
    survey = service.get_survey(db, actor=actor, survey_id=survey_id)
    try:
        service.update_survey(db, actor=actor, survey_id=survey_id, title=values.get("title", ""),
                              intro=values.get("intro", ""), questions=questions,
                              closes_on=parse_date(values.get("closes_on"), "closes_on"))
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        return _form(request, actor, values=values, survey=survey, error=exc.message,
                     status_code=422 if isinstance(exc, ValidationFailed) else 409)
    flash(request, "问卷已修改")
    return RedirectResponse(f"/surveys/{survey_id}", status_code=303)


@router.post("/surveys/{survey_id}/{action}")
def change_state(survey_id: Id, action: str, request: Request, db: DbSession, actor: CurrentUser):
    steps = {"publish": (service.publish, "已发布：把链接或二维码发给群众即可匿名填写"),
             "close": (service.close, "问卷已结束，不再接受填写")}
    if action not in steps:
        return Response(status_code=404)
    step, done = steps[action]
    try:
        step(db, actor=actor, survey_id=survey_id)
        flash(request, done)
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/surveys/{survey_id}", status_code=303)


@router.get("/surveys/{survey_id}/qr.{suffix}")
def qr_code(survey_id: Id, suffix: str, request: Request, db: DbSession, actor: CurrentUser):
    """The survey's QR code to print or post: PNG (8 px a module) or SVG, linking to its public page."""
    media = {"png": "image/png", "svg": "image/svg+xml"}.get(suffix)
    survey = service.get_survey(db, actor=actor, survey_id=survey_id)
    if media is None or survey.status == rules.SurveyStatus.DRAFT:
        return Response(status_code=404)
    out = io.BytesIO()
    qr = segno.make(_link(request, survey), error="m")
    qr.save(out, kind=suffix, scale=8 if suffix == "png" else 4, border=2, **({"title": survey.title} if suffix == "svg" else {}))
    download = request.query_params.get("download") == "1"
    headers = attachment(f"问卷二维码_{survey.title[:30]}.{suffix}", fallback=f"survey_{survey.id}.{suffix}") \
        if download else {}
    return Response(out.getvalue(), media_type=media, headers=headers)


@router.get("/surveys/{survey_id}/answers.xlsx")
def answers(survey_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    survey = service.get_survey(db, actor=actor, survey_id=survey_id)
    title = f"{survey.title} 答卷（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="survey_answers", label=f"{survey.title[:30]}_答卷",
                         build=lambda s: queries.answers_sheet(s, survey=service.get_survey(
                             s, actor=actor, survey_id=survey_id), title=title))
