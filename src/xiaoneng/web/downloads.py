"""Download answers: attachment headers with Chinese file names, a streamed body that cannot pass for a whole file
when it fails, export links that carry a list page's filters, and the XLSX export of a staff list.

What a download reads never goes through the request's session: on SQLite that session holds the write lock
from its first statement, and a long read there would stop every writer of the center (and a second session that
wants the lock would wait for it, then cut the file). Sync iterators and handlers run in the threadpool, so a large
file is read and written off the event loop.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.audit import service as audit
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import XLSX_MEDIA_TYPE, Sheet, write_xlsx
from xiaoneng.web.deps import fresh_read_sessions, read_sessions

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
SPOOL_BYTES = 8 * 1024 * 1024  # a workbook larger than this is kept in a temporary file, not in memory


def attachment(filename: str, fallback: str = "") -> dict[str, str]:
    """Content-Disposition of a download: the Chinese name as filename*=UTF-8'' (RFC 6266), an ASCII fallback."""
    plain = fallback or "".join(ch if ch.isascii() and ch not in '"\\;' else "_" for ch in filename)
    return {"content-disposition": f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"}


def streamed(sessions: sessionmaker[Session], produce: Callable[[Session], Iterable[bytes]], *, what: str,
             broken: bytes) -> Iterator[bytes]:
    """The chunks of `produce(session)` from a session of their own. A failure half-way is logged with what was
    being sent, the file gets `broken` appended so nobody takes it for whole, and the error is raised again, so
    the server aborts the transfer (no final chunk: the browser marks the download failed)."""
    sent = 0
    try:
        with sessions() as session:
            for chunk in produce(session):
                sent += len(chunk)
                yield chunk
    except Exception:
        log.exception("download %s failed after %d bytes; the file sent is incomplete", what, sent)
        yield broken
        raise


def export_link(request: Request, path: str, params: dict | None = None) -> str:
    """The export address of a list page carrying the page's current filters (its query without the page number),
    or `params` when the page resolved defaults of its own."""
    if params is None:
        items = [(k, v) for k, v in request.query_params.multi_items() if k != "page" and v]
    else:
        items = [(k, v) for k, v in params.items() if v not in (None, "")]
    return f"{path}?{urlencode(items)}" if items else path


def list_filters(request: Request) -> dict[str, str]:
    """The page's filters as asked (the last value of each parameter), for the audit record of an export."""
    return {k: v for k, v in request.query_params.items() if k != "page" and v}


def _file_chunks(file) -> Iterator[bytes]:
    try:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk
    finally:
        file.close()


def _readers(request: Request, replica: bool) -> sessionmaker[Session]:
    return read_sessions(request) if replica else fresh_read_sessions(request)


def xlsx_download(request: Request, db: Session, *, actor: Actor, what: str, label: str,
                  build: Callable[[Session], Sheet], replica: bool = False) -> StreamingResponse:
    """Export a staff list as XLSX: the workbook is built from a read-only session into a temporary file (every
    matching row, bounded memory), the export is recorded in the audit chain with its filters and row count, and
    the answer streams the file. `what` names the list in the audit chain, `label` in the file name. A list reads
    the primary, so a change made a moment ago is in it; `replica=True` (a report's figures) may read the replica."""
    db.rollback()  # the request has only read its user so far: SQLite's write lock is not held during the build
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        with _readers(request, replica)() as reader:
            rows = write_xlsx(build(reader), out, tz=clock.TZ)
        audit.record(db, actor=actor, action="export.xlsx", entity=what,
                     detail={"filters": list_filters(request), "rows": rows})
    except BaseException:
        out.close()
        raise
    out.seek(0)
    stamp = clock.now().strftime("%Y%m%d-%H%M")
    headers = attachment(f"{label}_{stamp}.xlsx", fallback=f"{what}_{stamp}.xlsx")
    return StreamingResponse(_file_chunks(out), media_type=XLSX_MEDIA_TYPE, headers=headers)




@dataclass(frozen=True)
class Document:
    """A document built for download: its bytes, its name (and ASCII fallback), its type, the record it shows."""

    body: bytes
    filename: str
    fallback: str
    media_type: str
    entity_id: int


def document_download(request: Request, db: Session, *, actor: Actor, entity: str, action: str,
                      build: Callable[[Session], Document], replica: bool = False) -> StreamingResponse:
    """A printable document (a notice's PDF or DOCX) built from a read-only session, its download recorded in the
    audit chain (`action`, e.g. export.pdf, on `entity`), streamed in chunks after the commit. `build` checks the
    actor's scope: a record out of scope is a 404 before anything is recorded. `replica` as in xlsx_download."""
    db.rollback()  # as xlsx_download: SQLite's write lock is not held while the document is built
    with _readers(request, replica)() as reader:
        built = build(reader)
    audit.record(db, actor=actor, action=action, entity=entity, entity_id=built.entity_id,
                 detail={"name": built.filename})
    body = built.body
    chunks = (body[i:i + CHUNK_BYTES] for i in range(0, len(body), CHUNK_BYTES))
    return StreamingResponse(chunks, media_type=built.media_type,
                             headers=attachment(built.filename, fallback=built.fallback))
