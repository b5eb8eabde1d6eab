"""The jobs the platform runs on a schedule, resolved lazily so a job's module is imported only when it runs."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import os
from collections.abc import Callable

from xiaoneng.jobs.rules import Job, parse_extra_jobs

HOUR = 3600

JOBS = [
    Job("default_ratings", HOUR, "xiaoneng.ratings.service:record_due_defaults", "评价期满默认满意"),
    Job("loop_deadlines", HOUR, "xiaoneng.rectification.service:refresh_deadlines", "差评整改时限提醒与升级"),
    Job("concentration_alerts", 24 * HOUR, "xiaoneng.rectification.service:raise_concentration_alerts",
        "差评集中预警"),
    Job("case_deadlines", HOUR, "xiaoneng.cases.deadlines:refresh_deadlines", "办件逾期与即将到期提醒"),
    Job("leave_deadlines", HOUR, "xiaoneng.duty.deadlines:refresh_deadlines", "请假待审批提醒"),
    Job("handovers", HOUR, "xiaoneng.duty.handovers:refresh_handovers", "交接记录生成与确认提醒"),
    Job("conduct_scan", HOUR, "xiaoneng.conduct.service:scan_new_texts", "服务规范用语扫描"),
    Job("inquiry_deadlines", HOUR, "xiaoneng.inquiries.deadlines:refresh_deadlines", "转办咨询签收与答复时限提醒"),
    Job("supervision_deadlines", HOUR, "xiaoneng.supervision.deadlines:refresh_deadlines", "督办通知反馈期限提醒"),
    Job("complaint_deadlines", HOUR, "xiaoneng.complaints.deadlines:refresh_deadlines", "投诉签收与答复时限提醒"),
    Job("complaint_urges", HOUR, "xiaoneng.complaints.urges:issue_urges", "超期投诉催办与通报"),
    Job("monthly_reports", HOUR, "xiaoneng.reports.service:produce_due_reports", "上月政务服务月报生成"),
    Job("dashboard_rollup", HOUR, "xiaoneng.dashboards.rollup:refresh", "首页看板数据汇总"),
    Job("insights_monthly", 24 * HOUR, "xiaoneng.insights.service:monthly", "上月热点话题与异常预警"),
    Job("deliver_outbound", 60, "xiaoneng.notifications.service:deliver_outbound", "发送邮件和短信"),
]

# Extra jobs from configuration, "name=seconds@module:function;..." (e.g. a center's own scheduled report).
EXTRA_JOBS_ENV = "XIAONENG_EXTRA_JOBS"


def registry() -> list[Job]:
    """The built-in jobs plus those configured in XIAONENG_EXTRA_JOBS (a configured name replaces a built-in)."""
    extra = parse_extra_jobs(os.environ.get(EXTRA_JOBS_ENV, ""))
    names = {job.name for job in extra}
    return [job for job in JOBS if job.name not in names] + extra


def find(name: str, jobs: list[Job] | None = None) -> Job | None:
    return next((job for job in (registry() if jobs is None else jobs) if job.name == name), None)


def resolve(target: str) -> Callable:
    module_name, _, attribute = target.partition(":")
    function = getattr(importlib.import_module(module_name), attribute, None)
    if not callable(function):
        raise LookupError(f"{target} is not a function")
    return function


def call(function: Callable, session, *, today: dt.date, now: dt.datetime):
    """Call a job with the session and only the keyword arguments (today, now) its signature accepts."""
    params = inspect.signature(function).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    offered = {"today": today, "now": now}
    kwargs = {name: value for name, value in offered.items() if takes_any or name in params}
    return function(session, **kwargs)
