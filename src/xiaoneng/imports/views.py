"""The import page: choose a kind, upload a file, see every bad row or a summary; templates to download."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from xiaoneng.errors import ImportRejected, ValidationFailed
from xiaoneng.imports import rules, service
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import render

router = APIRouter(prefix="/admin/import", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _page(request: Request, actor, *, status_code: int = 200, **ctx):
    base = {"kinds": rules.KIND_LABELS, "columns": rules.COLUMNS, "created_labels": rules.CREATED_LABELS,
            "kind": "org", "good_rows_only": False, "report": None, "errors": None, "error": None}
    return render(request, "imports/import.html", {**base, **ctx}, status_code=status_code, actor=actor)


@router.get("")
def import_page(request: Request, actor: CurrentUser):
    actor.require("import.run")
    return _page(request, actor, kind=request.query_params.get("kind", "org"))


@router.post("")
async def import_upload(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("import.run")
    form = await request.form()
    kind = str(form.get("kind", ""))
    good_rows_only = bool(form.get("good_rows_only"))
    upload = form.get("file")
    ctx = {"kind": kind, "good_rows_only": good_rows_only}
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, actor, status_code=422, error="请选择要导入的文件", **ctx)
    data = await upload.read()
    try:
        # In a worker thread: parsing and writing thousands of rows would hold the event loop for everyone.
        report = await run_in_threadpool(service.run_import, db, actor=actor, kind=kind, file_name=upload.filename,
                                         data=data, good_rows_only=good_rows_only,
                                         limits=service.limits_of(request.app.state.settings))
    except ImportRejected as exc:
        return _page(request, actor, status_code=422, errors=exc.errors, file_name=upload.filename,
                     error=f"文件 {upload.filename} 有 {len(exc.errors)} 处错误，未导入任何数据。请修改后重新导入，"
                           "或勾选“只导入无误的行”。", **ctx)
    except ValidationFailed as exc:
        return _page(request, actor, status_code=422, error=exc.message, **ctx)
    return _page(request, actor, report=report, **ctx)


@router.get("/template/{kind}.xlsx")
def template(kind: str, actor: CurrentUser):
    actor.require("import.run")
    data = service.template_xlsx(kind)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename=import-{kind}.xlsx"})
