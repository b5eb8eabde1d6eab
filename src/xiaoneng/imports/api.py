"""JSON API of bulk import: upload a file, get the report or every bad row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile

from xiaoneng.imports import service
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/import", tags=["import"], dependencies=[Depends(require_csrf)])

Importer = Annotated[Actor, require_permission("import.run")]


@api.post("/{kind}")
async def import_file(kind: str, db: DbSession, actor: Importer, file: Annotated[UploadFile, File()],
                      good_rows_only: Annotated[bool, Form()] = False) -> dict:
    """Import an XLSX or CSV file of `org`, `items` or `staff`; 422 import_rejected lists every bad row."""
    data = await file.read()
    report = service.run_import(db, actor=actor, kind=kind, file_name=file.filename or "", data=data,
                                good_rows_only=good_rows_only)
    return report.to_dict()
