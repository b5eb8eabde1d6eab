"""Chinese labels of the audit log's codes: actions, the records they concern, operators without an account and the
keys of the details. The codes stay in the records and the API; people read these."""

from __future__ import annotations

import json

ENTITY_LABELS = {
    "calendar_override": "日历调整", "calendar_year": "节假日年度", "case": "办件", "case_settings": "办件设置", "center": "服务中心",
    "concentration_alert": "集中差评预警", "department": "部门", "exchange": "数据上报", "import": "导入",
    "loop_settings": "整改期限设置", "outbound_message": "短信邮件", "rating": "评价", "rating_settings": "评价设置",
    "rectification": "差评整改", "scheduled_job": "定时任务", "service_item": "服务事项", "service_point": "便民服务点",
    "staff": "工作人员", "window": "窗口", "item": "服务事项", "job": "定时任务", "notification": "通知",
    "ranking": "排名", "duty_post": "AB岗", "duty_absence": "请假", "duty_post_proxy": "代岗指定",
    "duty_handover": "交接记录", "inquiry": "首问咨询", "calendar": "日历", "auth": "登录", "demo": "演示数据", "export": "导出",
    "attendance_import": "考勤导入", "spot_check": "关键时段抽检", "attendance_summary": "月度考勤汇总",
    "spot_checks": "关键时段抽检", "analysis_model": "文本分析模型",
}

ACTION_LABELS = {
    "accept": "受理办件", "create": "登记", "complete_step": "办结环节", "extend": "延期", "notice": "一次性告知",
    "extension.request": "申请延期", "extension.approve": "批准延期", "extension.refuse": "不同意延期",
    "supplement": "补正", "default_rating": "默认好评", "rate": "评价", "follow_up": "追加评价",
    "send_rating_link": "发送评价链接", "demo_build": "生成演示数据", "demo.build": "生成演示数据",
    "calendar.notice.save": "保存节假日通知", "calendar.override.add": "添加日历调整",
    "calendar.override.remove": "删除日历调整", "calendar.seed": "导入法定节假日", "exchange.export": "导出上报数据",
    "exchange.invitation": "发送评价邀请", "exchange.push": "上报数据", "export.xlsx": "导出表格",
    "import.run": "批量导入", "item.guide_reviewed": "办事指南已复核", "job.resume": "恢复定时任务",
    "job.run_now": "立即运行定时任务", "notification.queue": "排队发送通知", "ranking.weights": "修改排名权重",
    "ranking.min_sample": "修改排名最少评价数",
    "rectification.alert": "集中差评预警", "rectification.alert_acknowledge": "确认集中差评预警",
    "rectification.open": "开启整改", "rectification.rate": "评价整改", "rectification.retime": "重算整改期限",
    "rectification.settings": "修改整改期限设置", "staff.set_password": "重置密码",
    "handover.make": "生成交接记录", "handover.confirm": "确认交接记录", "duty_refusal.record": "记录请假冲突",
    "attendance.import": "导入考勤", "spot_check.create": "登记关键时段抽检",
    "spot_check.import": "批量登记关键时段抽检",
    "analysis.train": "训练文本分析模型",
    "auth.login": "登录", "auth.login_failed": "登录失败", "auth.logout": "退出登录", "auth.change_password": "修改密码",
}
_VERBS = {"create": "新建", "update": "修改", "activate": "启用", "deactivate": "停用"}

OPERATOR_LABELS = {"public": "群众", "system": "系统", "anonymous": "未登录用户", "": "系统"}

DETAIL_LABELS = {
    "username": "用户名", "role": "角色", "name": "名称", "code": "编码", "level": "评价等级", "status": "状态",
    "path": "整改方式", "note": "说明", "reason": "原因", "rows": "行数", "count": "条数", "filters": "筛选条件",
    "days": "天数", "due_on": "期限", "new_due": "延至", "due_soon_days": "到期前提醒天数", "from": "原状态", "to": "新状态", "channel": "渠道", "number": "编号",
    "year": "年度", "date": "日期", "kind": "类型", "active": "启用", "enabled": "启用", "ip": "网络地址",
    "acting_for_name": "代岗办理（原经办人）",
    "file": "文件", "punches": "新增打卡", "already": "已有打卡", "start": "开始日期", "end": "结束日期",
    "key_time": "关键时段", "absent": "不在岗",
}

# Values of detail keys that are codes, as the domains label them (audit imports no domain: the lists are copied
# here and tests/audit checks them against ratings.rules.CHANNEL_LABELS and auth.rules.ROLE_LABELS).
VALUE_LABELS = {
    "channel": {"system_step": "一环节一评", "window_device": "现场评价器", "qr_code": "现场二维码",
                "online": "网上一事一评", "social": "社会综合点评", "default": "默认好评"},
    "kind": {"raw": "钉钉原始记录", "daily": "钉钉每日统计", "mapped": "按列对应导入"},  # attendance imports
    "role": {"window_staff": "窗口人员", "dept_head": "科室负责人", "supervisor": "效能监察", "director": "中心领导",
             "admin": "管理员"},
}


def action_label(action: str, more: dict[str, str] | None = None) -> str:
    """`more`: labels another domain owns (the rectification loop's actions, under `rectification.`)."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if more and action in more:
        return more[action]
    entity, _, verb = action.rpartition(".")
    if verb in _VERBS:
        return _VERBS[verb] + ENTITY_LABELS.get(entity, "记录")
    return "其他操作"


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, "记录")


def operator_label(operator: str | None) -> str:
    """Accounts by their user name; the citizen, the system and timed jobs in words, never as codes."""
    operator = operator or ""
    if operator in OPERATOR_LABELS:
        return OPERATOR_LABELS[operator]
    if operator.startswith("job:"):
        return "定时任务"
    return operator


def _value(value) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{DETAIL_LABELS.get(k, k)}：{_value(v)}" for k, v in value.items())
    return str(value)


def detail_fields(detail) -> list[tuple[str, str]]:
    """The details of a record as (label, value) pairs; keys without a label are left out rather than shown as
    codes (the full record stays in the API and the chain)."""
    if isinstance(detail, str):
        try:
            detail = json.loads(detail)
        except ValueError:
            return [("内容", detail)] if detail else []
    if not isinstance(detail, dict):
        return []
    return [(DETAIL_LABELS[k], VALUE_LABELS[k].get(v, _value(v)) if k in VALUE_LABELS and isinstance(v, str)
             else _value(v)) for k, v in detail.items() if k in DETAIL_LABELS]
