"""Pages of the key-time spot checks: the list (department, dates, result, key time; sorted; XLSX), recording one
(choose the window or department, the day and time, then mark each expected person 在岗 or 不在岗), and one check."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.attendance import exports, queries, rules, spot_checks
from xiaoneng.attendance.models import TARGET_LABELS, SpotCheckTarget
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/attendance/spot-checks", dependencies=[Depends(require_csrf)], include_in_schema=False)
KEY_LABELS = {k.value: spot_checks.SCHEDULE.key_label(k) for k in rules.KeyTime}


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("department_id", "start", "end", "result", "key_time", "sort", "order")}
    filters = queries.Filters(department_id=id_or_none(params["department_id"], "department_id"),
                              start=parse_date(params["start"], "start"), end=parse_date(params["end"], "end"),
                              result=params["result"], key_time=params["key_time"], sort=params["sort"] or "day",
                              descending=params["order"] != "asc")
    return filters, params


def _names(db, actor) -> dict:
    center = system_actor(actor.center_id)
    return {"department_names": {d.id: d.name for d in org.department_choices(db, actor=center)},
            "window_names": {w.id: w.name for w in org.window_choices(db, actor=center)}}


@router.get("")
def list_page(request: Request, db: DbSession, actor: CurrentUser, page: int = 1):
    filters, params = _filters(request)
    result = queries.list_spot_checks(db, actor=actor, filters=filters, page=page)

    def url(**changes) -> str:
        return "/attendance/spot-checks?" + urlencode({k: v for k, v in {**params, **changes}.items() if v})

    def sort_url(column: str) -> str:
        same = (params["sort"] or "day") == column
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "results": queries.RESULTS, "key_labels": KEY_LABELS,
           "targets": TARGET_LABELS, "window_kind": SpotCheckTarget.WINDOW, "sort_url": sort_url,
           "departments": [] if actor.department_scoped else org.department_choices(db, actor=actor),
           "export_url": export_link(request, "/attendance/spot-checks/export.xlsx"), "flash": take_flash(request),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None, **_names(db, actor)}
    return render(request, "attendance/spot_checks.html", ctx, actor=actor)


@router.get("/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    return xlsx_download(request, db, actor=actor, what="spot_checks", label="关键时段抽检",
                         build=lambda s: exports.spot_check_sheet(s, actor=actor, filters=filters))


def _default_time() -> str:
    now = clock.local(clock.now())
    return now.strftime("%H:%M") if spot_checks.SCHEDULE.key_time_at(now.time()) else ""


def _form(request: Request, db, actor, *, values: dict, errors: dict | None = None, expected=None,
          answers: dict | None = None, status_code: int = 200):
    ctx = {"values": values, "errors": errors or {}, "expected": expected, "answers": answers or {},
           "targets": spot_checks.target_choices(db, actor=actor), "windows_text": spot_checks.SCHEDULE.windows_text()}
    return render(request, "attendance/spot_check_new.html", ctx, actor=actor, status_code=status_code)


@router.get("/new")
def new_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.spot_check")
    p = request.query_params
    values = {"target": p.get("target", ""), "day": p.get("day") or clock.today().isoformat(),
              "time": p.get("time", _default_time()), "note": ""}
    if not (values["target"] and values["time"]):
        return _form(request, db, actor, values=values)
    try:
        expected = spot_checks.expected_staff(db, actor=actor, target=values["target"], day=values["day"],
                                              time=values["time"])
    except ValidationFailed as exc:
        return _form(request, db, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    return _form(request, db, actor, values=values, expected=expected)


@router.post("/new")
async def record(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("attendance.spot_check")
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("target", "day", "time", "note")}
    answers = {}
    for name, value in form.multi_items():
        staff_id = id_or_none(name.removeprefix("present_")) if name.startswith("present_") else None
        if staff_id is not None:
            answers[staff_id] = (str(value), str(form.get(f"note_{staff_id}", "")))
    for name in form:  # a person left unanswered still sends a note field: keep it for the form
        staff_id = id_or_none(name.removeprefix("note_")) if name.startswith("note_") else None
        if staff_id is not None and staff_id not in answers:
            answers[staff_id] = ("", str(form.get(name, "")))
    try:
        check = spot_checks.record_spot_check(db, actor=actor, answers=answers, **values)
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        expected = None
        try:
            expected = spot_checks.expected_staff(db, actor=actor, target=values["target"], day=values["day"],
                                                  time=values["time"])
        except ValidationFailed:
            pass
        return _form(request, db, actor, values=values, errors={exc.field or "target": exc.message},
                     expected=expected, answers=answers, status_code=409 if isinstance(exc, Conflict) else 422)
    absent = check.absent
    flash(request, f"已登记抽检：应在岗 {check.expected} 人，" + (f"{absent} 人不在岗，已发送通知" if absent
                                                           else "全部在岗"))
    return RedirectResponse(f"/attendance/spot-checks/{check.id}", status_code=303)


@router.get("/{check_id}")
def detail(check_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    check, entries = queries.get_spot_check(db, actor=actor, check_id=check_id)
    names = org.staff_names(db, center_id=check.center_id, staff_ids={e.staff_id for e in entries})
    ctx = {"c": check, "entries": entries, "names": names, "key_label": spot_checks.key_label(check),
           "targets": TARGET_LABELS, "window_kind": SpotCheckTarget.WINDOW, "flash": take_flash(request),
           **_names(db, actor)}
    return render(request, "attendance/spot_check.html", ctx, actor=actor)
