"""JSON API of the exchange: ratings and cases of a period as JSON or CSV, push, and received rating invitations."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from xiaoneng.exchange import service
from xiaoneng.exchange.schemas import InvitationCreate, InvitationRead, PushCreate, PushRead
from xiaoneng.exchange.web import download, sender
from xiaoneng.kit.bounds import Day
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/exchange", tags=["exchange"], dependencies=[Depends(require_csrf)])

Exporter = Annotated[Actor, require_permission("exchange.export")]
Format = Annotated[Literal["json", "csv"], Query(description="json，或 csv（UTF-8 带 BOM，可直接用 Excel 打开）")]


@api.get("/ratings")
def export_ratings(request: Request, db: DbSession, actor: Exporter, start: Day, end: Day,
                   format: Format = "json"):
    """Ratings given in the period with the exchange fields, streamed."""
    export = service.prepare_export(db, actor=actor, kind="ratings", start=start, end=end, fmt=format)
    return download(request, actor, export)


@api.get("/cases")
def export_cases(request: Request, db: DbSession, actor: Exporter, start: Day, end: Day,
                 format: Format = "json"):
    """Cases received or completed in the period with the exchange fields, streamed."""
    export = service.prepare_export(db, actor=actor, kind="cases", start=start, end=end, fmt=format)
    return download(request, actor, export)


@api.post("/push", response_model=PushRead)
def push(body: PushCreate, request: Request, db: DbSession, actor: Exporter):
    """Push a period's export through the configured sender (by default a file in the exchange directory)."""
    result = service.push(db, actor=actor, kind=body.kind, start=body.start, end=body.end, sender=sender(request))
    return PushRead(reference=result.reference, count=result.count, sender=result.sender)


@api.post("/invitations", response_model=InvitationRead, status_code=201)
def receive_invitation(body: InvitationCreate, request: Request, db: DbSession, actor: Exporter):
    """A case handled in another system, to be rated here: recorded as an external case with its step completed."""
    settings = request.app.state.settings  # the link goes out of the platform: the public base, not the Host
    invitation = service.receive_invitation(db, actor=actor, secret=settings.secret_key,
                                            base_url=settings.public_base_url, **body.model_dump())
    return InvitationRead(**asdict(invitation))
