"""Public rating API: a rater with a signed link or QR code submits a rating; answered 201 only once it is committed.

No session or CSRF token: the signed, expiring token names what is rated. `GET /api/public/ratings/form` answers
what the token rates with a signed one-time nonce bound to the token and to a device id the server issues (sent
back with the next form request to keep it); the submission carries that nonce, the stored nonce is unique, so a
replay is refused. Each client address, QR code and device is rate-limited (ratings/edge.py). The body is
parsed strictly (a bool, a float or a string is no level). The database work goes through the group-commit
writer (ratings/intake.py).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from xiaoneng.errors import XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.scope import public_actor
from xiaoneng.kit.text import has_control_characters
from xiaoneng.ratings import channels, edge, intake, links, tokens
from xiaoneng.ratings.rules import LEVEL_LABELS, Channel, Level
from xiaoneng.ratings.service import APPLICANT, Rater, Submission
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.web import errors
from xiaoneng.web.deps import DbSession, client_ip, limit_public

# The link sent to an applicant rates the step (一环节一评); window and badge QR codes rate the visit (一次一评).
CHANNEL_OF = {TokenKind.STEP: Channel.SYSTEM_STEP, TokenKind.WINDOW: Channel.QR_CODE, TokenKind.STAFF: Channel.QR_CODE}


@asynccontextmanager
async def _lifespan(app):
    yield  # the writer starts with the first rating: an application that takes none never starts a process
    intake.stop_writer(app)


api = APIRouter(lifespan=_lifespan)


class PublicRatingIn(BaseModel):
    """A submission. Strict: JSON numbers are not strings, booleans are not levels; unknown fields are refused."""

    model_config = ConfigDict(strict=True, extra="forbid")

    token: StrictStr = Field(min_length=1, max_length=512)
    level: StrictInt
    indicators: dict[StrictStr, list[StrictStr]] | None = None
    comment: StrictStr = Field(default="", max_length=4000)
    nonce: StrictStr = Field(min_length=8, max_length=400, description="issued by GET /api/public/ratings/form")
    real_name: StrictBool = False
    rater_name: StrictStr = Field(default="", max_length=64)
    rater_phone: StrictStr = Field(default="", max_length=32)
    case_number: StrictStr = Field(default="", max_length=64,
                                   description="QR codes only: rate this case as its applicant (with applicant_phone)")
    applicant_phone: StrictStr = Field(default="", max_length=32, description="the mobile the case was filed with")

    @field_validator("token", "comment", "nonce", "rater_name", "rater_phone", "case_number", "applicant_phone")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        if has_control_characters(value):
            raise PydanticCustomError("control_characters", "control characters")
        return value

    @field_validator("indicators")
    @classmethod
    def _no_control_characters_in_options(cls, value):
        if value and any(has_control_characters(k + "".join(v)) for k, v in value.items()):
            raise PydanticCustomError("control_characters", "control characters")
        return value


class PublicRatingOut(BaseModel):
    id: int
    level: int
    rectification_opened: bool


def submission_for(token: tokens.RatingToken, body: PublicRatingIn, ticket: links.FormTicket, *, ip: str, now,
                   staff: bool = False) -> Submission:
    """The service's submission for a verified token and nonce: the token, not the body, says what is rated; the
    nonce says which device it was issued to and whether a staff browser or device asked for it."""
    flagged = staff or ticket.staff
    if token.kind is TokenKind.STEP:  # the holder of the case link is the applicant
        rater = Rater(key=APPLICANT, ip=ip, device_id=ticket.device_id, from_staff_device=flagged)
    else:
        rater = Rater(name=body.rater_name, phone=body.rater_phone, real_name=body.real_name, ip=ip,
                      device_id=ticket.device_id, from_staff_device=flagged)
    target = {TokenKind.STEP: "step_id", TokenKind.WINDOW: "window_id", TokenKind.STAFF: "staff_id"}[token.kind]
    by_number = token.kind is not TokenKind.STEP
    return Submission(actor=public_actor(token.center_id, ip=ip), channel=CHANNEL_OF[token.kind], level=body.level,
                      rater=rater, indicators=body.indicators, comment=body.comment, nonce=ticket.nonce, now=now,
                      case_number=body.case_number if by_number else "",
                      applicant_phone=body.applicant_phone if by_number else "", **{target: token.record_id})


_VERIFIED_MAX = 4096


def _verified(request: Request, token: str, now) -> tokens.RatingToken:
    """The token's content. A window's QR token is scanned all day: its signature is checked once, then remembered
    (the expiry is still checked on every use, and an expired token is verified afresh so it is refused as such)."""
    state = request.app.state
    secret = state.settings.secret_key
    known = getattr(state, "verified_rating_tokens", None)
    if known is None or len(known) > _VERIFIED_MAX:
        known = state.verified_rating_tokens = {}
    parsed = known.get((secret, token))
    if parsed is None or now >= parsed.expires_at:
        parsed = tokens.verify(token, secret=secret, now=now, kinds=PUBLIC_KINDS)
        known[(secret, token)] = parsed
    return parsed


PUBLIC_KINDS = (TokenKind.STEP, TokenKind.WINDOW, TokenKind.STAFF)


async def submit_public_rating(request: Request):
    """Submit one rating with a signed token; 201 after the commit, else {code, message, field} in Chinese."""
    limit_public(request, "public_rating")
    ip = client_ip(request)
    try:  # parsed here rather than by a body parameter: one pydantic call, none of the dependency machinery
        body = PublicRatingIn.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])}
                                      for e in exc.errors(include_url=False, include_context=False)]) from None
    now = clock.now()
    token = _verified(request, body.token, now)
    ticket = links.check_nonce(body.nonce, secret=request.app.state.settings.secret_key, token=body.token)
    edge.count_submission(request, token, ticket.device_id)
    submission = submission_for(token, body, ticket, ip=ip, now=now, staff=edge.holds_staff_session(request))
    stored = await intake.writer_for(request.app).submit(submission)
    return JSONResponse({"id": stored.id, "level": stored.level, "rectification_opened": stored.rectification_opened},
                        status_code=201)


PATH = "/api/public/ratings"


class PublicRatingIntake:
    """ASGI middleware answering `POST /api/public/ratings` ahead of the session middleware and the router.

    The endpoint needs neither (no cookie, no CSRF token, one fixed path), and at the intake's volume their
    per-request cost was a third of the server process's work. Errors are answered as the API's exception handlers
    would; anything unexpected propagates to the server error handler. Every other request passes through.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and _route_path(scope) == PATH:
            try:
                response = await submit_public_rating(Request(scope, receive))
            except (XiaonengError, RequestValidationError) as exc:
                response = errors.json_error(exc)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _route_path(scope) -> str:
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


# Answered by PublicRatingIntake; declared as an API route too, so that the OpenAPI schema documents its body and
# answer (and the endpoint is still served, through the router, by an application without the middleware).
api.add_api_route("/public/ratings", submit_public_rating, methods=["POST"], status_code=201,
                  response_model=PublicRatingOut, openapi_extra={"requestBody": {
                      "required": True, "content": {"application/json": {"schema": PublicRatingIn.model_json_schema()}}}})


# --- the form: what a token rates, with the nonce and device of one submission -----------------------------------

class FormSubject(BaseModel):
    kind: str  # step | window | staff
    item: str
    step: str
    case_number: str
    window: str
    department: str
    staff: str
    rating_due_on: str | None
    takes_case_number: bool  # a QR code: the applicant may name their case, with the phone it was filed with


class LevelOut(BaseModel):
    level: int
    label: str
    bad: bool


class RatingFormOut(BaseModel):
    nonce: str
    device: str  # send it back as `device` with the next form request: the same phone stays the same device
    expires_in: int  # seconds the nonce stays valid
    subject: FormSubject
    levels: list[LevelOut]
    indicators: list[dict]


KIND_NAMES = {TokenKind.STEP: "step", TokenKind.WINDOW: "window", TokenKind.STAFF: "staff"}
LEVELS_OUT = [LevelOut(level=int(v), label=LEVEL_LABELS[v], bad=v.is_bad) for v in sorted(Level, reverse=True)]


@api.get("/public/ratings/form", response_model=RatingFormOut, tags=["public"])
def rating_form(request: Request, db: DbSession, token: str, device: str = ""):
    """What `token` rates and a signed one-time nonce for one submission of it (POST /api/public/ratings)."""
    limit_public(request, "rating_page")
    settings = request.app.state.settings
    parsed = tokens.verify(token, secret=settings.secret_key, now=clock.now(), kinds=PUBLIC_KINDS)
    found = channels.subject(db, parsed)
    issued = edge.device_of(request, device)
    response = JSONResponse(RatingFormOut(
        nonce=links.issue_nonce(secret=settings.secret_key, token=token, device=issued.device,
                                staff=edge.holds_staff_session(request)),
        device=issued.signed, expires_in=links.FORM_MAX_AGE,
        subject=FormSubject(kind=KIND_NAMES[parsed.kind], item=found.item_name, step=found.step_name,
                            case_number=found.case_number, window=found.window_name,
                            department=found.department_name, staff=found.staff_label,
                            rating_due_on=found.rating_due_on.isoformat() if found.rating_due_on else None,
                            takes_case_number=found.takes_case_number),
        levels=LEVELS_OUT, indicators=found.indicators).model_dump(mode="json"))
    edge.keep_device(request, response, issued)
    return response
