"""The timed-work page (/admin/jobs): each job's schedule, last run and error, recent runs, run now, pause."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import XiaonengError
from xiaoneng.jobs import registry, service
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


# What a run's stored result counts, in words; the JSON stays in the run record and the API.
RESULT_WORDS = {
    "checked": "检查 {} 条", "escalated": "升级 {} 条", "due_soon_notices": "发出临期提醒 {} 条",
    "overdue_notices": "发出超期提醒 {} 条", "director_notices": "报中心领导 {} 条",
}
COUNT_WORDS = {
    "default_ratings": "记录默认满意 {} 条", "concentration_alerts": "新发出集中预警 {} 条",
    "deliver_outbound": "发送邮件和短信 {} 条",
    "monthly_reports": "生成上月政务服务月报 {} 份",
}


def run_sentence(job_name: str, result: dict | None) -> str:
    """A run's result as a Chinese sentence (never the stored JSON)."""
    if not result:
        return ""
    parts = []
    for key, value in result.items():
        if key == "count":
            parts.append(COUNT_WORDS.get(job_name, "处理 {} 条").format(value))
        elif key == "ok":
            parts.append("完成" if value else "未完成")
        elif key in RESULT_WORDS:
            parts.append(RESULT_WORDS[key].format(value))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            parts.append(f"其他 {value} 条")
    return "，".join(parts) + "。" if parts else "已完成。"


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
        "sentence": run_sentence, "job_label": _job_label,
        "flash": message, "flash_kind": flash_kind,
    }, actor=actor)


def _job_label(name: str) -> str:
    job = registry.find(name)
    return (job.label or job.name) if job else "已移除的任务"


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
