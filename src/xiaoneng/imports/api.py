"""JSON API of bulk import: upload a file, get the report or every bad row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from xiaoneng.imports import service
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/import", tags=["import"], dependencies=[Depends(require_csrf)])

Importer = Annotated[Actor, require_permission("import.run")]


@api.post("/{kind}")
async def import_file(kind: str, request: Request, db: DbSession, actor: Importer,
                      file: Annotated[UploadFile, File()], good_rows_only: Annotated[bool, Form()] = False) -> dict:
    """Import an XLSX or CSV file of `org`, `items` or `staff`; 422 import_rejected lists every bad row.

    Past the limits (file size, rows, unpacked XLSX size) the file is refused with 422 naming the limit."""
    data = await file.read()
    # Parsing and the rows' writes take seconds: in a worker thread, so the event loop serves everyone else.
    report = await run_in_threadpool(service.run_import, db, actor=actor, kind=kind, file_name=file.filename or "",
                                     data=data, good_rows_only=good_rows_only,
                                     limits=service.limits_of(request.app.state.settings))
    return report.to_dict()
