"""Public rating pages (C2, C6, C7): QR codes, case links, the window kiosk, one's own case, the rectification.

No sign-in and no session CSRF token: the signed token names what is rated, and every form carries a signed
one-time nonce, bound to the browser's server-issued device, that the ratings table refuses to see twice. Every
route is rate-limited per client address, submissions also per QR code and device (ratings/edge.py, K4).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse

from xiaoneng.cases import extensions
from xiaoneng.errors import XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.scope import public_actor
from xiaoneng.kit.text import strip_control_characters
from xiaoneng.ratings import channels, edge, links, receipts
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings import tokens
from xiaoneng.ratings.rules import LEVEL_LABELS, Channel, Level
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.web.deps import DbSession, client_ip, limit_public
from xiaoneng.web.templating import render

router = APIRouter(include_in_schema=False)

LEVELS = [(int(level), LEVEL_LABELS[level]) for level in sorted(Level, reverse=True)]
RATE_KINDS = (TokenKind.STEP, TokenKind.WINDOW, TokenKind.STAFF, TokenKind.RECTIFICATION)
# The error summary at the top of the form names each field it lists.
FIELD_LABELS = {"level": "总体评价", "indicators": "具体评价", "comment": "意见建议", "case_number": "办件编号",
                "applicant_phone": "申请人手机号", "rater_name": "姓名", "rater_phone": "联系电话"}
FORM_FIELDS = ("level", "comment", "real_name", "rater_name", "rater_phone", "case_number", "applicant_phone")


def _limit(request: Request) -> None:
    limit_public(request, "rating_page")


def _secret(request: Request) -> str:
    return request.app.state.settings.secret_key


def _open(request: Request, token: str, kinds) -> tokens.RatingToken:
    _limit(request)
    return tokens.verify(token, secret=_secret(request), now=clock.now(), kinds=kinds)


def _refused(request: Request, exc: XiaonengError):
    return render(request, "ratings/public_refused.html", {"message": exc.message}, status_code=exc.status_code)


def _field(form, name: str) -> str:
    """A form field as text, without surrounding blanks or control characters (none belongs in a rating)."""
    return strip_control_characters(str(form.get(name, ""))).strip()


def _error_key(field: str | None) -> str:
    if field and field.startswith("indicators"):
        return "indicators"
    return field if field in FORM_FIELDS else "form"


# --- the rating page of a step, window or staff member ----------------------------------------------------------

def _form(request: Request, token: str, subject, values: dict, errors: dict, status_code: int = 200):
    issued = edge.device_of(request)
    return edge.keep_device(request, render(request, "ratings/public_form.html", {
        "token": token, "s": subject, "values": values, "errors": errors, "levels": LEVELS, "field_labels": FIELD_LABELS,
        "nonce": links.issue_nonce(secret=_secret(request), token=token, device=issued.device,
                                   staff=edge.holds_staff_session(request)),
    }, status_code=status_code), issued)


def _values(form) -> dict:
    values = {f: _field(form, f) for f in FORM_FIELDS}
    values["indicators"] = {}
    for key in form.keys():
        if key.startswith("ind.") and len(key) > 4:
            options = [strip_control_characters(str(v)) for v in form.getlist(key)]
            values["indicators"][strip_control_characters(key[4:])] = [v for v in options if v.strip()]
    return values


@router.get("/r/{token}")
def rating_page(token: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, RATE_KINDS)
        if parsed.kind is TokenKind.RECTIFICATION:
            return _rect_form(request, token, channels.rectification(db, parsed), {}, {})
        subject = channels.subject(db, parsed)
    except XiaonengError as exc:
        return _refused(request, exc)
    if parsed.kind is TokenKind.STEP and receipts.step_already_rated(db, subject):
        return render(request, "ratings/public_refused.html", {
            "title": "已评价", "message": "该办理环节已评价，感谢您的参与。如有补充意见，请使用评价后页面上的“追加评价”。"})
    return _form(request, token, subject, {"indicators": {}}, {})


@router.post("/r/{token}")
async def submit_rating_form(token: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, RATE_KINDS)
        if parsed.kind is TokenKind.RECTIFICATION:
            return await _rect_submit(request, db, token, parsed)
        subject = channels.subject(db, parsed)
    except XiaonengError as exc:
        return _refused(request, exc)
    form = await request.form()
    values = _values(form)
    ip = client_ip(request)
    real_name = values["real_name"] in ("1", "on", "true")
    try:
        ticket = links.check_nonce(str(form.get("nonce", "")), secret=_secret(request), token=token)
        edge.count_submission(request, parsed, ticket.device_id)
        by_number = subject.takes_case_number  # a QR code: the case only with its applicant's phone
        rater = ratings.Rater(name=values["rater_name"] if real_name else "",
                              phone=values["rater_phone"] if real_name else "", real_name=real_name, ip=ip,
                              device_id=ticket.device_id,
                              key=ratings.APPLICANT if subject.kind is TokenKind.STEP else "",
                              from_staff_device=ticket.staff or edge.holds_staff_session(request))
        rating = ratings.submit_rating(
            db, actor=public_actor(subject.center_id, ip=ip), channel=subject.channel,
            level=values["level"] or None, rater=rater, step_id=subject.step_id, window_id=subject.window_id,
            staff_id=subject.staff_id, indicators=values["indicators"], comment=values["comment"],
            nonce=ticket.nonce, case_number=values["case_number"] if by_number else "",
            applicant_phone=values["applicant_phone"] if by_number else "")
    except XiaonengError as exc:
        db.rollback()  # nothing of a refused submission is kept
        errors = {_error_key(exc.field): exc.message}
        return _form(request, token, subject, values, errors, status_code=exc.status_code)
    follow_up = links.follow_up_ticket(rating, secret=_secret(request), token=token)
    # Post, redirect, get: refreshing the thank-you page must not submit the form again.
    return RedirectResponse(f"/r/{token}/done/{follow_up}", status_code=303)


@router.get("/r/{token}/done/{ticket}")
def thanks_page(token: str, ticket: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, RATE_KINDS)
        rating_id, key = links.check_follow_up_ticket(ticket, secret=_secret(request), token=token)
        receipt = receipts.receipt(db, center_id=parsed.center_id, rating_id=rating_id, rater_key=key)
    except XiaonengError as exc:
        return _refused(request, exc)
    return render(request, "ratings/public_thanks.html", {
        "level": receipt.level_label, "follow_up_url": f"/r/{token}/more/{ticket}", "is_bad": receipt.is_bad,
        "receipt": receipt,
    })


# --- follow-up comment on one's own rating (C4) --------------------------------------------------------------------

@router.get("/r/{token}/more/{ticket}")
def follow_up_page(token: str, ticket: str, request: Request):
    try:
        _open(request, token, RATE_KINDS)
        links.check_follow_up_ticket(ticket, secret=_secret(request), token=token)
    except XiaonengError as exc:
        return _refused(request, exc)
    return render(request, "ratings/public_more.html", {"text": "", "error": "", "done": False})


@router.post("/r/{token}/more/{ticket}")
async def follow_up_submit(token: str, ticket: str, request: Request, db: DbSession):
    try:
        _open(request, token, RATE_KINDS)
        rating_id, key = links.check_follow_up_ticket(ticket, secret=_secret(request), token=token)
    except XiaonengError as exc:
        return _refused(request, exc)
    text = _field(await request.form(), "text")
    try:
        ratings.add_follow_up(db, rating_id=rating_id, text=text, rater=ratings.Rater(key=key, ip=client_ip(request)))
    except XiaonengError as exc:
        db.rollback()
        return render(request, "ratings/public_more.html", {"text": text, "error": exc.message, "done": False},
                      status_code=exc.status_code)
    return render(request, "ratings/public_more.html", {"text": "", "error": "", "done": True})


# --- the rater's rating of the rectification (D7) ------------------------------------------------------------------

def _rect_form(request: Request, token: str, rect, values: dict, errors: dict, status_code: int = 200):
    from xiaoneng.rectification.rules import STATUS_LABELS, Status

    return render(request, "ratings/public_rectification.html", {
        "token": token, "rect": rect, "status": STATUS_LABELS.get(Status(rect.status), rect.status),
        "values": values, "errors": errors, "levels": LEVELS, "done": rect.rater_level is not None,
        "nonce": links.issue_nonce(secret=_secret(request), token=token),
    }, status_code=status_code)


async def _rect_submit(request: Request, db, token: str, parsed):
    from xiaoneng.rectification import service as loop

    rect = channels.rectification(db, parsed)
    form = await request.form()
    values = {"level": _field(form, "level"), "comment": _field(form, "comment")}
    try:
        links.check_nonce(str(form.get("nonce", "")), secret=_secret(request), token=token)
        if not values["level"]:
            raise XiaonengError("请选择对整改结果的满意程度", field="level", status_code=422)
        loop.rate_rectification(db, rectification_id=rect.id, level=values["level"], comment=values["comment"])
    except XiaonengError as exc:
        db.rollback()
        db.refresh(rect)
        errors = {exc.field if exc.field in ("level", "comment") else "form": exc.message}
        return _rect_form(request, token, rect, values, errors, status_code=exc.status_code)
    return render(request, "ratings/public_thanks.html", {"level": LEVEL_LABELS[Level(int(values["level"]))],
                                                          "follow_up_url": None, "is_bad": False})


# --- the evaluator device of a window (一次一评) ---------------------------------------------------------------------

def _json_error(exc: XiaonengError):
    return JSONResponse(exc.to_dict(), status_code=exc.status_code)


@router.get("/kiosk/{token}")
def kiosk_page(token: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, (TokenKind.KIOSK,))
        window = channels.kiosk_window(db, parsed)
    except XiaonengError as exc:
        return _refused(request, exc)
    onsite = ratings.active_indicator_set(db, scope="onsite")
    return render(request, "ratings/kiosk.html", {
        "token": token, "window": window, "levels": LEVELS,
        "indicators": onsite.definition.get("indicators", []) if onsite else []})


@router.get("/kiosk/{token}/current")
def kiosk_current(token: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, (TokenKind.KIOSK,))
        window = channels.kiosk_window(db, parsed)
        step = channels.kiosk_step(db, window=window, now=clock.now())
        if step is None:
            return {"step": None}
        prompt = channels.kiosk_prompt(db, window=window, step=step)
    except XiaonengError as exc:
        return _json_error(exc)
    return {"step": prompt, "nonce": links.issue_nonce(secret=_secret(request), token=token,
                                                       staff=edge.holds_staff_session(request))}


@router.post("/kiosk/{token}/rate")
async def kiosk_rate(token: str, request: Request, db: DbSession):
    try:
        parsed = _open(request, token, (TokenKind.KIOSK,))
        window = channels.kiosk_window(db, parsed)
        form = await request.form()
        ticket = links.check_nonce(str(form.get("nonce", "")), secret=_secret(request), token=token)
        step_id = str(form.get("step_id", ""))
        if not step_id.isdigit():
            raise XiaonengError("没有待评价的办件", field="step_id", status_code=422)
        ip = client_ip(request)
        rater = ratings.Rater(key=ratings.APPLICANT, ip=ip,
                              from_staff_device=ticket.staff or edge.holds_staff_session(request))
        rating = ratings.submit_rating(
            db, actor=public_actor(window.center_id, ip=ip), channel=Channel.WINDOW_DEVICE,
            level=_field(form, "level") or None, rater=rater, step_id=int(step_id), window_id=window.id,
            comment=_field(form, "comment"), nonce=ticket.nonce, indicators=_values(form)["indicators"])
    except XiaonengError as exc:
        db.rollback()
        return _json_error(exc)
    return {"ok": True, "rating_id": rating.id, "level": LEVEL_LABELS[Level(rating.level)]}


# --- rating one's own case online (一事一评, supplementary) ----------------------------------------------------------

def _own_case_page(request: Request, db, values: dict, error: str = "", status_code: int = 200):
    rows, extension = [], None
    if values.get("case"):
        # S1 限时办结 5: the applicant is told why the case was extended and until when.
        extension = extensions.latest_extension(db, case=values["case"])
        now = clock.now()
        today = clock.local(now).date()
        for step in values["case"].steps:
            if step.completed_at is None:
                continue
            token = None if step.rating_closed else links.step_token(step, secret=_secret(request), now=now)
            link = links.rating_path(token) if token else None  # on this page: the applicant proved the case
            state = ("已评价" if step.rating_closed else "评价期已过" if step.rating_due_on < today or not link
                     else "可评价")
            rows.append({"name": step.name, "completed_on": step.completed_on, "due": step.rating_due_on,
                         "state": state, "link": link if state == "可评价" else None})
    return render(request, "ratings/public_own.html", {"values": values, "error": error, "rows": rows,
                                                       "extension": extension},
                  status_code=status_code)


@router.get("/rate")
def own_case_form(request: Request, db: DbSession):
    try:
        _limit(request)
    except XiaonengError as exc:
        return _refused(request, exc)
    return _own_case_page(request, db, {"case_number": "", "phone": ""})


@router.post("/rate")
async def own_case_lookup(request: Request, db: DbSession):
    try:
        _limit(request)
    except XiaonengError as exc:
        return _refused(request, exc)
    form = await request.form()
    values = {"case_number": str(form.get("case_number", "")).strip(), "phone": str(form.get("phone", "")).strip()}
    try:
        values["case"] = channels.own_case(db, number=values["case_number"], phone=values["phone"])
    except XiaonengError as exc:
        return _own_case_page(request, db, values, error=exc.message, status_code=exc.status_code)
    return _own_case_page(request, db, values)
