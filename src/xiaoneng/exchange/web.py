"""Pieces shared by the exchange page and API: the streamed download and the configured push sender."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import StreamingResponse

from xiaoneng.exchange import service
from xiaoneng.exchange.senders import ExchangeSender, FileSender
from xiaoneng.kit.scope import Actor
from xiaoneng.web.downloads import attachment, fresh_read_sessions, streamed

# Appended when the body fails half-way: neither a JSON parser nor a person reading the CSV takes the file for whole.
BROKEN = {"json": "\n导出中断：服务器读取数据时出错，文件不完整，请重新导出\n",
          "csv": "\r\n导出中断：服务器读取数据时出错，文件不完整，请重新导出\r\n"}


def sender(request: Request) -> ExchangeSender:
    """The sender set on the application, else files under <var_dir>/exchange."""
    configured = getattr(request.app.state, "exchange_sender", None)
    return configured or FileSender(request.app.state.settings.var_dir / "exchange")


def download(request: Request, actor: Actor, export: service.Export) -> StreamingResponse:
    """Stream the export from a read-only session of its own, in batches, after the request's checks and audit
    record are committed (the request's session is function-scoped: it commits before the answer starts)."""

    def produce(session):
        for chunk in service.chunks(session, actor=actor, export=export):
            yield chunk.encode("utf-8")

    body = streamed(fresh_read_sessions(request), produce, what=export.filename, broken=BROKEN[export.fmt].encode("utf-8"))
    return StreamingResponse(body, media_type=export.media_type, headers=attachment(export.filename))
