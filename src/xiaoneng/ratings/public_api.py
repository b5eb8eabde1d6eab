"""Public rating API: a rater with a signed link or QR code submits a rating; answered 201 only once it is committed.

No session or CSRF token: the signed, expiring token names what is rated and the nonce refuses replays. Each
client address is rate-limited. The database work goes through the group-commit writer (ratings/intake.py).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from xiaoneng.errors import XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.scope import public_actor
from xiaoneng.ratings import intake, tokens
from xiaoneng.ratings.rules import Channel
from xiaoneng.ratings.service import APPLICANT, Rater, Submission
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.web import errors
from xiaoneng.web.deps import client_ip, limit_public

# The link sent to an applicant rates the step (一环节一评); window and badge QR codes rate the visit (一次一评).
CHANNEL_OF = {TokenKind.STEP: Channel.SYSTEM_STEP, TokenKind.WINDOW: Channel.QR_CODE, TokenKind.STAFF: Channel.QR_CODE}


@asynccontextmanager
async def _lifespan(app):
    yield  # the writer starts with the first rating: an application that takes none never starts a process
    intake.stop_writer(app)


api = APIRouter(lifespan=_lifespan)


class PublicRatingIn(BaseModel):
    token: str = Field(min_length=1, max_length=512)
    level: int
    indicators: dict[str, list[str]] | None = None
    comment: str = Field(default="", max_length=4000)
    nonce: str = Field(min_length=8, max_length=64)
    real_name: bool = False
    rater_name: str = Field(default="", max_length=64)
    rater_phone: str = Field(default="", max_length=32)
    case_number: str = Field(default="", max_length=64)
    device_id: str = Field(default="", max_length=64)


class PublicRatingOut(BaseModel):
    id: int
    level: int
    rectification_opened: bool


def submission_for(token: tokens.RatingToken, body: PublicRatingIn, *, ip: str, now) -> Submission:
    """The service's submission for a verified token: the token, not the body, says what is rated."""
    if token.kind is TokenKind.STEP:
        rater = Rater(key=APPLICANT, ip=ip, device_id=body.device_id)  # the holder of the case link is the applicant
    else:
        rater = Rater(name=body.rater_name, phone=body.rater_phone, real_name=body.real_name, ip=ip,
                      device_id=body.device_id)
    target = {TokenKind.STEP: "step_id", TokenKind.WINDOW: "window_id", TokenKind.STAFF: "staff_id"}[token.kind]
    return Submission(actor=public_actor(token.center_id, ip=ip), channel=CHANNEL_OF[token.kind], level=body.level,
                      rater=rater, indicators=body.indicators, comment=body.comment, nonce=body.nonce, now=now,
                      case_number=body.case_number if token.kind is not TokenKind.STEP else "",
                      **{target: token.record_id})


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
    stored = await intake.writer_for(request.app).submit(submission_for(token, body, ip=ip, now=now))
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
