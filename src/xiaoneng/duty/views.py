"""Pages of the AB posts: 请假与 AB 岗 (one's posts and leave, the leave form, leave awaiting one's decision), the
posts in scope with who holds each now, and one leave with its decision."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.duty import acting, queries, report, rules, service
from xiaoneng.duty.models import ABSENCE_STATUS_LABELS, AbsenceStatus
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import attachment, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
router = APIRouter(prefix="/duty", dependencies=[Depends(require_csrf)], include_in_schema=False)

LEAVE_FIELDS = ("kind", "start_date", "start_half", "end_date", "end_half", "reason")
POST_FIELDS = ("name", "department_id", "window_id", "a_staff_id", "b_staff_id", "duties")
PROXY_FIELDS = ("staff_id", "start_date", "start_half", "end_date", "end_half", "note")


def _now_half() -> rules.HalfDay:
    return rules.HalfDay.of_time(clock.local(clock.now()))


def _labels() -> dict:
    return {"kinds": rules.ABSENCE_LABELS, "halves": rules.HALF_LABELS, "statuses": ABSENCE_STATUS_LABELS,
            "pending": AbsenceStatus.PENDING, "approved": AbsenceStatus.APPROVED}


def _period_text(a) -> str:
    return rules.Period.of(a.start_date, a.start_half, a.end_date, a.end_half).label()


def _index_page(request: Request, db: Session, actor: Actor, *, values: dict | None = None,
                errors: dict | None = None, status_code: int = 200):
    today = clock.today()
    mine = queries.my_absences(db, actor=actor)
    waiting = queries.awaiting_decision(db, actor=actor)
    names = org.staff_names(db, center_id=actor.center_id, staff_ids={a.staff_id for a in waiting})
    ctx = {
        "my_posts": queries.my_posts(db, actor=actor, at=_now_half()), "mine": mine, "waiting": waiting,
        "covers": acting.covered_now(db, actor=actor),
        "names": names, "period_text": _period_text, "flash": take_flash(request), "errors": errors or {},
        "values": values or {"kind": "vacation", "start_date": today.isoformat(), "start_half": "0",
                             "end_date": today.isoformat(), "end_half": "1", "reason": ""},
        **_labels(),
    }
    return render(request, "duty/index.html", ctx, actor=actor, status_code=status_code)


@router.get("")
def index(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("duty.read")
    return _index_page(request, db, actor)


@router.post("/absences")
async def request_leave(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in LEAVE_FIELDS}
    try:
        absence = service.request_absence(db, actor=actor, **values)
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        if isinstance(exc, service.PostWouldBeEmpty):  # nothing of the leave is kept; the attempt is
            service.record_refusal(db, actor=actor, message=exc.message, **{k: values[k] for k in LEAVE_FIELDS[:5]})
        return _index_page(request, db, actor, values=values, errors={exc.field or "start_date": exc.message},
                           status_code=422 if isinstance(exc, ValidationFailed) else 409)
    flash(request, f"已提交请假申请（{_period_text(absence)}，{absence.working_days:g} 个工作日），待审批")
    return RedirectResponse(f"/duty/absences/{absence.id}", status_code=303)


@router.get("/absences/{absence_id}")
def absence_page(absence_id: Id, request: Request, db: DbSession, actor: CurrentUser, error: str = ""):
    absence = queries.get_absence(db, actor=actor, absence_id=absence_id)
    names = org.staff_names(db, center_id=absence.center_id, staff_ids={absence.staff_id, absence.decided_by_id})
    may_decide = (absence.status == AbsenceStatus.PENDING and absence.staff_id != actor.user_id
                  and absence in queries.awaiting_decision(db, actor=actor))
    ctx = {"a": absence, "names": names, "period_text": _period_text, "may_decide": may_decide,
           "may_cancel": absence.staff_id == actor.user_id and absence.status in (AbsenceStatus.PENDING,
                                                                                  AbsenceStatus.APPROVED),
           "flash": take_flash(request), **_labels()}
    return render(request, "duty/absence.html", ctx, actor=actor)


@router.post("/absences/{absence_id}/decide")
async def decide(absence_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    approve = form.get("decision") == "approve"
    try:
        service.decide_absence(db, actor=actor, absence_id=absence_id, approve=approve,
                               note=str(form.get("note", "")))
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
        return RedirectResponse(f"/duty/absences/{absence_id}", status_code=303)
    flash(request, "已批准" if approve else "已记录：未批准")
    return RedirectResponse(f"/duty/absences/{absence_id}", status_code=303)


@router.post("/absences/{absence_id}/cancel")
def cancel(absence_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    service.cancel_absence(db, actor=actor, absence_id=absence_id)
    flash(request, "已撤销该请假")
    return RedirectResponse(f"/duty/absences/{absence_id}", status_code=303)


# --- posts ---------------------------------------------------------------------------------------------------------

def _report_department(actor: Actor, department_id: str) -> int | None:
    if actor.department_scoped:
        return actor.department_id
    return id_or_none(department_id)


@router.get("/posts/report.xlsx")
def report_xlsx(request: Request, db: DbSession, actor: CurrentUser, department_id: str = ""):
    actor.require("duty.read")
    department = _report_department(actor, department_id)
    return xlsx_download(request, db, actor=actor, what="duty_posts", label="AB岗设置表",
                         build=lambda s: report.sheet(s, actor=actor, department_id=department, today=clock.today()))


@router.get("/posts/report.docx")
def report_docx(request: Request, db: DbSession, actor: CurrentUser, department_id: str = ""):
    actor.require("duty.read")
    department = _report_department(actor, department_id)
    body = report.docx_bytes(db, actor=actor, department_id=department, today=clock.today())
    audit.record(db, actor=actor, action="export.docx", entity="duty_posts",
                 detail={"filters": {"department_id": department} if department else {}})
    stamp = clock.now().strftime("%Y%m%d")
    return Response(body, media_type=DOCX_MEDIA_TYPE,
                    headers=attachment(f"AB岗设置表_{stamp}.docx", fallback=f"duty_posts_{stamp}.docx"))


def _posts_page(request: Request, db: Session, actor: Actor, *, values: dict | None = None,
                errors: dict | None = None, proxy_post: int | None = None, status_code: int = 200):
    from xiaoneng.auth.rules import Role

    departments = org.department_choices(db, actor=actor)
    can_set_up = actor.role == Role.ADMIN or actor.role == Role.DEPT_HEAD
    can_proxy = actor.role in (Role.DIRECTOR, Role.DEPT_HEAD)
    today = clock.today().isoformat()
    ctx = {
        "posts": queries.posts_in_scope(db, actor=actor, at=_now_half()),
        "department_names": {d.id: d.name for d in departments}, "departments": departments,
        "windows": org.window_choices(db, actor=actor), "staff": org.staff_choices(db, center_id=actor.center_id),
        "can_set_up": can_set_up, "can_proxy": can_proxy, "errors": errors or {}, "proxy_post": proxy_post,
        "values": values or {"department_id": str(actor.department_id or ""), "start_date": today,
                             "end_date": today, "start_half": "0", "end_half": "1"},
        "period_text": _period_text, "flash": take_flash(request), **_labels(),
    }
    return render(request, "duty/posts.html", ctx, actor=actor, status_code=status_code)


@router.get("/posts")
def posts(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("duty.read")
    return _posts_page(request, db, actor)


@router.post("/posts")
async def create_post(request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in POST_FIELDS}
    try:
        post = service.create_post(db, actor=actor, **{k: v or None if k.endswith("_id") else v
                                                       for k, v in values.items()})
    except ValidationFailed as exc:
        db.rollback()
        return _posts_page(request, db, actor, values=values, errors={exc.field: exc.message}, status_code=422)
    flash(request, f"已设置岗位：{post.name}")
    return RedirectResponse("/duty/posts", status_code=303)


@router.post("/posts/{post_id}/proxy")
async def designate(post_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    values = {f: str(form.get(f, "")) for f in PROXY_FIELDS}
    try:
        proxy = service.designate_proxy(db, actor=actor, post_id=post_id, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _posts_page(request, db, actor, values=values, errors={exc.field: exc.message}, proxy_post=post_id,
                           status_code=422)
    flash(request, f"已指定代岗人（{_period_text(proxy)}）")
    return RedirectResponse("/duty/posts", status_code=303)
