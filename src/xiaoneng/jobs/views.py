"""The timed-work page (/admin/jobs): each job's schedule, last run and error, recent runs, run now, pause."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import XiaonengError
from xiaoneng.jobs import service
from xiaoneng.kit.clock import local
from xiaoneng.kit.scope import Actor
from xiaoneng.notifications import service as notifications
from xiaoneng.notifications.rules import STATUS_LABELS
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/admin/jobs", dependencies=[Depends(require_csrf)])

JobsReader = Annotated[Actor, require_permission("jobs.read")]
RUN_STATUS = {"running": ("运行中", "warn"), "done": ("成功", "ok"), "failed": ("失败", "off")}


def _every(seconds: int) -> str:
    if seconds % 86400 == 0:
        return "每天" if seconds == 86400 else f"每 {seconds // 86400} 天"
    if seconds % 3600 == 0:
        return "每小时" if seconds == 3600 else f"每 {seconds // 3600} 小时"
    if seconds % 60 == 0:
        return "每分钟" if seconds == 60 else f"每 {seconds // 60} 分钟"
    return f"每 {seconds} 秒"


def _when(value) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M:%S") if value else ""


@router.get("")
def jobs_page(request: Request, db: DbSession, actor: JobsReader, job: str | None = None):
    message = take_flash(request)
    flash_kind = request.session.pop("flash_kind", None)
    return render(request, "jobs/index.html", {
        "statuses": service.job_statuses(db, actor=actor),
        "runs": service.recent_runs(db, actor=actor, name=job, limit=50),
        "outbox": notifications.outbox_counts(db, actor=actor), "outbox_labels": STATUS_LABELS,
        "selected": job or "", "every": _every, "when": _when, "run_status": RUN_STATUS,
        "flash": message, "flash_kind": flash_kind,
    }, actor=actor)


def _redirect(request: Request, message: str, kind: str = "ok") -> RedirectResponse:
    flash(request, message, kind)
    return RedirectResponse("/admin/jobs", status_code=303)


@router.post("/{name}/run")
def run_now(request: Request, db: DbSession, name: str, actor: JobsReader):
    try:
        service.run_now(db, actor=actor, name=name)
    except XiaonengError as exc:
        if exc.status_code == 404:
            raise
        return _redirect(request, exc.message, "error")
    return _redirect(request, f"任务 {name} 已排入立即运行，将在一分钟内执行。")


@router.post("/{name}/enabled")
def set_enabled(request: Request, db: DbSession, name: str, actor: JobsReader,
                enabled: Annotated[bool, Form()]):
    service.set_enabled(db, actor=actor, name=name, enabled=enabled)
    return _redirect(request, f"任务 {name} 已{'恢复' if enabled else '暂停'}。")
