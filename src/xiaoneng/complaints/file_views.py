"""Pages with files: the 12345 import (upload with the column mapping, every bad row listed), evidence uploads and
downloads, and the full-process report as DOCX and PDF. Routes before /complaints/{id} (see web/app.py)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from xiaoneng.audit import service as audit
from xiaoneng.complaints import evidence, hotline, report, service
from xiaoneng.errors import Conflict, ImportRejected, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id
from xiaoneng.kit.readers import Limits, size_label
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import attachment
from xiaoneng.web.templating import flash, render

router = APIRouter(dependencies=[Depends(require_csrf)], include_in_schema=False)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def store_of(request: Request) -> evidence.Store:
    return evidence.Store.under(request.app.state.settings.var_dir)


ERRORS_SHOWN = 500  # a file of bad rows lists this many on the page, and says how many there are in all


def _limits(request: Request) -> Limits:
    s = request.app.state.settings
    return Limits(max_upload_bytes=s.complaint_import_max_upload_bytes, max_rows=s.complaint_import_max_rows,
                  max_unpacked_bytes=s.complaint_import_max_unpacked_bytes)


def _import_page(request: Request, actor, *, status_code: int = 200, **ctx):
    limits = _limits(request)
    base = {"fields": hotline.FIELDS, "mapping": {}, "result": None, "errors": None, "error": None, "file_name": "",
            "max_size": size_label(limits.max_upload_bytes), "max_rows": limits.max_rows, "errors_total": 0}
    return render(request, "complaints/import.html", {**base, **ctx}, status_code=status_code, actor=actor)


@router.get("/complaints/import")
def import_page(request: Request, actor: CurrentUser):
    actor.require("complaints.manage")
    return _import_page(request, actor)


@router.post("/complaints/import")
async def import_upload(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("complaints.manage")
    form = await request.form()
    mapping = {k: str(form.get(f"map_{k}", "")).strip() for k in hotline.FIELDS}
    mapping = {k: v for k, v in mapping.items() if v}
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, actor, status_code=422, error="请选择要导入的文件", mapping=mapping)
    data = await upload.read()
    try:
        # In a worker thread: thousands of rows would hold the event loop for everyone.
        result = await run_in_threadpool(service.import_orders, db, actor=actor, filename=upload.filename, data=data,
                                         mapping=mapping, limits=_limits(request))
    except ImportRejected as exc:
        db.rollback()
        shown = f"（下表列出前 {ERRORS_SHOWN} 处）" if len(exc.errors) > ERRORS_SHOWN else ""
        return _import_page(request, actor, status_code=422, errors=exc.errors[:ERRORS_SHOWN],
                            errors_total=len(exc.errors), file_name=upload.filename, mapping=mapping,
                            error=f"文件 {upload.filename} 有 {len(exc.errors)} 处错误{shown}，未导入任何数据。"
                                  "请修改后重新导入。")
    except ValidationFailed as exc:
        db.rollback()
        return _import_page(request, actor, status_code=422, error=exc.message, mapping=mapping)
    return _import_page(request, actor, result=result, file_name=upload.filename, mapping=mapping)


@router.post("/complaints/evidence/{complaint_id}")
async def upload_evidence(complaint_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ValidationFailed("请选择要上传的证据文件", field="file")
        service.add_evidence(db, actor=actor, store=store_of(request), complaint_id=complaint_id,
                             filename=upload.filename, data=await upload.read(), note=str(form.get("note", "")),
                             max_bytes=request.app.state.settings.complaint_evidence_max_bytes)
        flash(request, f"已上传证据 {upload.filename}")
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/complaints/{complaint_id}", status_code=303)


@router.get("/complaints/{complaint_id}/evidence/{evidence_id}")
def download_evidence(complaint_id: Id, evidence_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    row, data = service.read_evidence(db, actor=actor, store=store_of(request), complaint_id=complaint_id,
                                      evidence_id=evidence_id)
    audit.record(db, actor=actor, action="complaint.evidence_download", entity="complaint", entity_id=complaint_id,
                 detail={"file": row.filename, "sha256": row.sha256})
    return Response(data, media_type=row.media_type, headers=attachment(row.filename, fallback=f"evidence-{row.id}"))


def _report(request: Request, db, actor, complaint_id: int, kind: str) -> Response:
    built = report.build(db, actor=actor, complaint_id=complaint_id)
    body = report.docx_bytes(built) if kind == "docx" else report.pdf_bytes(built)
    audit.record(db, actor=actor, action=f"export.{kind}", entity="complaint", entity_id=complaint_id,
                 detail={"number": built.number})
    stamp = clock.now().strftime("%Y%m%d")
    return Response(body, media_type=DOCX if kind == "docx" else "application/pdf",
                    headers=attachment(f"全流程投诉处理报告_{built.number}_{stamp}.{kind}",
                                       fallback=f"complaint_{built.number}_{stamp}.{kind}"))


@router.get("/complaints/{complaint_id}/report.docx")
def report_docx(complaint_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _report(request, db, actor, complaint_id, "docx")


@router.get("/complaints/{complaint_id}/report.pdf")
def report_pdf(complaint_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _report(request, db, actor, complaint_id, "pdf")
