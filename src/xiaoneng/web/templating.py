"""The one Jinja2 environment: layout, CSRF field, role labels and the navigation for the signed-in role."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from xiaoneng.auth.rules import ROLE_LABELS, Role
from xiaoneng.web.csrf import csrf_token
from xiaoneng.web.labels import indicator_name, level_label, limit_label
from xiaoneng.web.worklist_blocks import date_text

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

# (label, path, permission) in menu order; a link shows only to roles holding the permission.
NAVIGATION = [
    ("首页", "/", None),
    ("消息", "/inbox", None),
    ("办件", "/cases", "cases.read"),
    ("评价", "/ratings", "ratings.read"),
    ("差评整改", "/rectifications", "rectification.read"),
    ("评价二维码", "/ratings/qr", "ratings.qr"),
    ("排名", "/rankings", "rankings.read"),
    ("首问登记", "/inquiries", "inquiries.read"),
    ("请假与AB岗", "/duty", "duty.read"),
    ("投诉处理", "/complaints", "complaints.read"),
    ("投诉汇总", "/complaints/summary", "complaints.read"),
    ("服务规范线索", "/conduct", "conduct.read"),
    ("热点话题", "/insights/topics", "insights.read"),
    ("异常预警", "/insights/warnings", "insights.read"),
    ("考勤", "/attendance", "attendance.read"),
    ("一次性告知违规", "/notices/violations", "notices.read"),
    ("黄牌红牌", "/supervision/cards", "supervision.read"),
    ("督办", "/supervision/notices", "supervision.read"),
    ("违规督查", "/supervision/breaches", "supervision.read"),
    ("公文", "/letters", "letters.read"),
    ("满意度调查", "/surveys", "surveys.read"),
    ("巡查计划", "/inspections/plans", "inspections.read"),
    ("我的巡查", "/inspections/mine", "inspections.record"),
    ("巡查问题", "/inspections/findings", "inspections.findings"),
    ("政务服务报告", "/reports", "reports.read"),
    ("数据交换", "/admin/exchange", "exchange.export"),
    ("定时任务", "/admin/jobs", "jobs.read"),
    ("组织机构", "/admin/org", "org.read"),
    ("服务点位", "/admin/points", "org.read"),
    ("窗口", "/admin/windows", "org.read"),
    ("服务事项", "/admin/items", "items.read"),
    ("人员", "/admin/staff", "staff.read"),
    ("数据导入", "/admin/import", "import.run"),
    ("工作日历", "/admin/calendar", "calendar.read"),
    ("办件设置", "/cases/settings", "org.write"),
    ("首问转办时限", "/inquiries/settings", "org.write"),
    ("告知书编号", "/notices/settings", "org.write"),
    ("督办文号", "/supervision/settings", "org.write"),
    ("公文设置", "/letters/settings", "letters.settings"),
    ("投诉处理设置", "/complaints/settings", "complaints.settings"),
    ("审计日志", "/admin/audit", "audit.read"),
]


def nav_for(actor) -> list[tuple[str, str]]:
    if actor is None:
        return []
    return [(label, path) for label, path, perm in NAVIGATION if perm is None or actor.can(perm)]


def role_label(role) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return str(role)


def _csrf_field(request: Request):
    from markupsafe import Markup

    return Markup(f'<input type="hidden" name="csrf_token" value="{csrf_token(request)}">')


def flash(request: Request, message: str, kind: str | None = None) -> None:
    """A message shown once on the next page (after a redirect), in the layout's flash bar."""
    request.session["flash"] = message
    if kind:
        request.session["flash_kind"] = kind


def take_flash(request: Request) -> str | None:
    return request.session.pop("flash", None)


def _local_time(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored UTC time as people in the center read it (Asia/Shanghai)."""
    from xiaoneng.kit.clock import local

    return local(value).strftime(fmt) if value else ""


templates.env.filters["localtime"] = _local_time
templates.env.filters["cndate"] = date_text  # 2026年11月18日, as the home page writes days
templates.env.globals.update(nav_for=nav_for, role_label=role_label, csrf_field=_csrf_field, csrf_token=csrf_token,
                             satisfaction_label=level_label, indicator_name=indicator_name,
                             limit_label=limit_label)


def render(request: Request, name: str, context: dict | None = None, *, status_code: int = 200, actor=None):
    ctx = {"actor": actor, **(context or {})}
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)
