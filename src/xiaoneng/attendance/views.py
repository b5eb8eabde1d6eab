"""Attendance pages: 月度考勤汇总 (month, department, search, sort, XLSX; each department's totals), a person's month
day by day, and 考勤导入 (upload a DingTalk export or another system's file with its columns named; past imports).
The spot-check pages are in spot_views.py."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from xiaoneng.attendance import exports, service, summary
from xiaoneng.attendance.spot_checks import key_label
from xiaoneng.errors import ImportRejected, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.readers import size_label
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import render

router = APIRouter(prefix="/attendance", dependencies=[Depends(require_csrf)], include_in_schema=False)
MAPPING_FIELDS = {"name": "姓名列", "staff_no": "工号列", "department": "部门列", "date": "日期列", "time": "打卡时间列"}


def _params(request: Request) -> dict:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("month", "department_id", "q", "sort", "order")}
    params["month"] = params["month"] or summary.previous_month(clock.today())
    summary.month_bounds(params["month"])  # a bad month is refused here, naming the field
    params["sort"] = params["sort"] or "department"
    return params


@router.get("")
def summary_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.read")
    params = _params(request)
    department_id = None if actor.department_scoped else id_or_none(params["department_id"], "department_id")
    rows = summary.monthly_summary(db, actor=actor, month=params["month"], today=clock.today(),
                                   department_id=department_id, q=params["q"])
    descending = params["order"] == "desc"
    rows = summary.sort_rows(rows, params["sort"], descending)

    def sort_url(column: str) -> str:
        same = params["sort"] == column
        order = "asc" if same and descending else "desc" if same else "asc"
        return "/attendance?" + urlencode({k: v for k, v in {**params, "sort": column, "order": order}.items() if v})

    ctx = {"rows": rows, "totals": summary.department_totals(rows) if len(rows) > 1 else [], "params": params,
           "columns": summary.COLUMN_LABELS, "sort_url": sort_url, "export_url": export_link(request,
                                                                                           "/attendance/export.xlsx", params),
           "departments": [] if actor.department_scoped else org.department_choices(db, actor=actor)}
    return render(request, "attendance/summary.html", ctx, actor=actor)


@router.get("/export.xlsx")
def summary_export(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.read")
    params = _params(request)
    department_id = None if actor.department_scoped else id_or_none(params["department_id"], "department_id")
    return xlsx_download(request, db, actor=actor, what="attendance_summary", label=f"{params['month']}考勤汇总",
                         build=lambda s: exports.summary_sheet(s, actor=actor, month=params["month"],
                                                               department_id=department_id, q=params["q"],
                                                               sort=params["sort"],
                                                               descending=params["order"] == "desc"))


@router.get("/staff/{staff_id}")
def person_page(staff_id: Id, request: Request, db: DbSession, actor: CurrentUser, month: str = ""):
    month = month or summary.previous_month(clock.today())
    person, row, lines = summary.person_month(db, actor=actor, staff_id=staff_id, month=month, today=clock.today())
    departments = {d.id: d.name for d in org.department_choices(db, actor=system_actor(person.center_id))}
    ctx = {"person": person, "row": row, "lines": lines, "month": month, "key_label": key_label,
           "department": departments.get(person.department_id, ""), "columns": summary.COLUMN_LABELS}
    return render(request, "attendance/person.html", ctx, actor=actor)


def _import_page(request: Request, db, actor, *, status_code: int = 200, **ctx):
    base = {"result": None, "errors": None, "error": None, "file_name": "", "mapping_fields": MAPPING_FIELDS,
            "values": {"format": "auto"}, "imports": service.recent_imports(db, actor=actor),
            "kinds": service.KIND_LABELS, "limit": size_label(request.app.state.settings.import_max_upload_bytes)}
    return render(request, "attendance/import.html", {**base, **ctx}, actor=actor, status_code=status_code)


@router.get("/import")
def import_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.import")
    return _import_page(request, db, actor)


@router.post("/import")
async def import_upload(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.import")
    form = await request.form()
    values = {"format": str(form.get("format", "auto")),
              **{f"map_{k}": str(form.get(f"map_{k}", "")).strip() for k in MAPPING_FIELDS}}
    mapping = {k: values[f"map_{k}"] for k in MAPPING_FIELDS} if values["format"] == "mapped" else None
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _import_page(request, db, actor, status_code=422, values=values, error="请选择要导入的考勤文件")
    data = await upload.read()
    try:
        # In a worker thread: reading a month of punches and writing them would hold the event loop for everyone.
        result = await run_in_threadpool(service.import_punches, db, actor=actor, filename=upload.filename,
                                         data=data, mapping=mapping,
                                         max_bytes=request.app.state.settings.import_max_upload_bytes)
    except ImportRejected as exc:
        db.rollback()
        return _import_page(request, db, actor, status_code=422, values=values, errors=exc.errors,
                            file_name=upload.filename,
                            error=f"文件 {upload.filename} 有 {len(exc.errors)} 处错误，未导入任何打卡记录。请修改后重新导入。")
    except ValidationFailed as exc:
        db.rollback()
        return _import_page(request, db, actor, status_code=422, values=values, error=exc.message,
                            file_name=upload.filename)
    return _import_page(request, db, actor, values=values, result=result, file_name=upload.filename)
