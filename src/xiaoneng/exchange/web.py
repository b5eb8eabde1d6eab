"""Pieces shared by the exchange page and API: the streamed download and the configured push sender."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import StreamingResponse

from xiaoneng.exchange import service
from xiaoneng.exchange.senders import ExchangeSender, FileSender
from xiaoneng.kit.scope import Actor


def sender(request: Request) -> ExchangeSender:
    """The sender set on the application, else files under <var_dir>/exchange."""
    configured = getattr(request.app.state, "exchange_sender", None)
    return configured or FileSender(request.app.state.settings.var_dir / "exchange")


def download(request: Request, actor: Actor, export: service.Export) -> StreamingResponse:
    """Stream the export from a session of its own, so the file is read in batches after the request's checks."""
    factory = request.app.state.session_factory

    def body() -> Iterator[bytes]:
        session = factory()
        try:
            for chunk in service.chunks(session, actor=actor, export=export):
                yield chunk.encode("utf-8")
        finally:
            session.close()

    disposition = f"attachment; filename={export.filename}; filename*=UTF-8''{quote(export.filename)}"
    return StreamingResponse(body(), media_type=export.media_type, headers={"content-disposition": disposition})
