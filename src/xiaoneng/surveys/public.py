"""The public questionnaire page (no account), made for a phone: the signed link names the survey, the browser
keeps a signed random id (one answer per browser), each form carries a signed one-time nonce, and every request
is counted per client address like the other public pages. A submitted form redirects (303) to its thank-you page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.text import strip_control_characters
from xiaoneng.surveys import links, rules, service
from xiaoneng.web.deps import DbSession, client_ip, limit_public
from xiaoneng.web.templating import render

router = APIRouter(include_in_schema=False)


def _secret(request: Request) -> str:
    return request.app.state.settings.secret_key


def _open(request: Request, db, token: str):
    limit_public(request, "survey")
    link = links.verify(token, secret=_secret(request))
    return service.public_survey(db, survey_id=link.survey_id, center_id=link.center_id)


def _browser(request: Request) -> tuple[str, bool]:
    """This browser's id, and whether it is new (its cookie is then set on the answer)."""
    found = links.read_browser(request.cookies.get(links.BROWSER_COOKIE), secret=_secret(request))
    return (found, False) if found else (links.new_browser(), True)


def _keep(request: Request, response, browser_id: str, new: bool):
    if new:
        response.set_cookie(links.BROWSER_COOKIE, links.sign_browser(browser_id, secret=_secret(request)),
                            max_age=links.BROWSER_COOKIE_AGE, httponly=True, samesite="lax", path="/s/",
                            secure=request.app.state.settings.secure_cookies)
    return response


def _refused(request: Request, message: str, status_code: int):
    return render(request, "surveys/public_message.html", {"message": message, "title": "满意度调查"},
                  status_code=status_code)


def _page(request: Request, db, token: str, survey, browser_id: str, *, values: dict, error: str = "",
          error_field: str = "", status_code: int = 200):
    ctx = {"token": token, "s": survey, "questions": service.questions_of(db, survey), "values": values,
           "error": error, "error_field": error_field, "scale": rules.SCALE_LABELS, "kinds": rules.QuestionKind,
           "nonce": links.issue_nonce(secret=_secret(request), survey_id=survey.id, browser_id=browser_id)}
    return render(request, "surveys/public_form.html", ctx, status_code=status_code)


@router.get("/s/{token}")
def survey_page(token: str, request: Request, db: DbSession):
    try:
        survey = _open(request, db, token)
    except (links.LinkRefused, NotFound) as exc:
        return _refused(request, exc.message, 404)
    browser_id, new = _browser(request)
    if not rules.is_open(survey.status, survey.closes_on, clock.today()):
        return _refused(request, f"“{survey.title}”已结束，感谢您的关注", 410)
    if not new and service.has_answered(db, survey=survey, browser_key=links.browser_key(survey.id, browser_id)):
        return _refused(request, f"您已填写过“{survey.title}”，感谢参与", 200)
    return _keep(request, _page(request, db, token, survey, browser_id, values={}), browser_id, new)


@router.post("/s/{token}")
async def answer(token: str, request: Request, db: DbSession):
    try:
        survey = _open(request, db, token)
    except (links.LinkRefused, NotFound) as exc:
        return _refused(request, exc.message, 404)
    form = await request.form()
    browser_id, new = _browser(request)
    values = {k: [strip_control_characters(str(v)).strip() for v in form.getlist(k)] for k in form.keys()
              if k.startswith("q") and k[1:].isdigit()}
    answers = {int(k[1:]): v for k, v in values.items()}
    try:
        nonce = links.check_nonce(str(form.get("nonce", "")), secret=_secret(request), survey_id=survey.id,
                                  browser_id=None if new else browser_id)
        service.submit(db, survey=survey, browser_key=links.browser_key(survey.id, browser_id), nonce=nonce,
                       answers=answers, ip=client_ip(request))
    except (ValidationFailed, links.LinkRefused) as exc:
        db.rollback()
        return _keep(request, _page(request, db, token, survey, browser_id, values=values, error=exc.message,
                                    error_field=exc.field or "", status_code=422), browser_id, new)
    except Conflict as exc:
        db.rollback()
        return _refused(request, exc.message, 409)
    return RedirectResponse(f"/s/{token}/done", status_code=303)


@router.get("/s/{token}/done")
def done(token: str, request: Request, db: DbSession):
    try:
        survey = _open(request, db, token)
    except (links.LinkRefused, NotFound) as exc:
        return _refused(request, exc.message, 404)
    return render(request, "surveys/public_message.html",
                  {"message": "提交成功，感谢您参与调查！您的意见将用于改进政务服务。", "title": survey.title, "ok": True})
