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
    "spot_checks": "关键时段抽检",
    "case_notice": "告知书", "notice_settings": "告知书编号设置", "notice_violations": "一次性告知违规",
    "supervision_notice": "督办通知", "supervision_settings": "督办文号设置",
    "analysis_model": "文本分析模型",
}

ACTION_LABELS = {
    "accept": "受理办件", "create": "登记", "complete_step": "办结环节", "extend": "延期", "notice": "一次性告知",
    "extension.request": "申请延期", "extension.approve": "批准延期", "extension.refuse": "不同意延期",
    "supplement": "补正", "refuse": "不予受理", "notice.supplement": "出具一次性告知书",
    "notice.refusal": "出具不予受理告知书", "export.pdf": "下载PDF文件", "export.docx": "下载Word文件", "default_rating": "默认好评", "rate": "评价", "follow_up": "追加评价",
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
    "cases.refold_steps": "补算环节期限", "supervision.issue": "发出督办通知", "supervision.reply": "反馈督办整改", "supervision.close": "办结督办",
    "analysis.train": "训练文本分析模型",
    "auth.login": "登录", "auth.login_failed": "登录失败", "auth.logout": "退出登录", "auth.change_password": "修改密码",
}
ENTITY_LABELS.update({"complaint": "投诉", "complaint_settings": "投诉处理设置"})
ACTION_LABELS.update({
    "complaint.register": "登记投诉", "complaint.import": "导入12345工单", "complaint.merge": "合并重复投诉",
    "complaint.split": "取消合并投诉", "complaint.classify": "修改投诉分类", "complaint.assign": "分派投诉",
    "complaint.sign": "签收投诉", "complaint.note": "记录投诉调查", "complaint.evidence": "上传投诉证据",
    "complaint.answer": "答复投诉", "complaint.callback": "回访投诉", "complaint.decide": "中心领导批示投诉",
    "complaint.urge": "发出催办通知书", "complaint.notice": "发出投诉通报", "complaint.settings": "修改投诉处理设置",
    "export.docx": "导出文档", "export.pdf": "导出PDF", "export.csv": "导出CSV",
})
ENTITY_LABELS.update({"insight_run": "热点与预警计算", "anomaly_warning": "异常预警"})
ACTION_LABELS.update({"insights.topics": "计算热点话题", "insights.warnings": "计算异常预警",
                      "insights.acknowledge": "确认异常预警", "insights.close": "关闭异常预警"})
DETAIL_LABELS_MORE = {"into": "并入", "department": "承办单位", "sign_by": "签收时限", "result": "回访结果",
                      "method": "答复方式", "on_time": "按时", "late": "超时", "file": "文件", "already": "已导入过",
                      "merged": "重复并入", "changes": "修改内容", "round": "办理轮次"}
_VERBS = {"create": "新建", "update": "修改", "activate": "启用", "deactivate": "停用"}

OPERATOR_LABELS = {"public": "群众", "system": "系统", "anonymous": "未登录用户", "": "系统"}

DETAIL_LABELS = {
    "username": "用户名", "role": "角色", "name": "名称", "code": "编码", "level": "评价等级", "status": "状态",
    "path": "整改方式", "note": "说明", "reason": "原因", "rows": "行数", "count": "条数", "filters": "筛选条件",
    "days": "天数", "due_on": "期限", "new_due": "延至", "due_soon_days": "到期前提醒天数", "from": "原状态", "to": "新状态", "channel": "渠道", "number": "编号",
    "year": "年度", "date": "日期", "kind": "类型", "notice_prefix": "告知书编号前缀", "materials": "材料",
    "reasons": "理由", "new_materials": "新增告知材料", "case": "办件", "active": "启用", "enabled": "启用", "ip": "网络地址",
    "acting_for_name": "代岗办理（原经办人）",
    "file": "文件", "punches": "新增打卡", "already": "已有打卡", "start": "开始日期", "end": "结束日期",
    "key_time": "关键时段", "absent": "不在岗",
    "subject": "事由", "late": "逾期", "moved": "变动数", "number_prefix": "文号代字", "deadline_state": "期限状态",
}

DETAIL_LABELS.update({k: v for k, v in DETAIL_LABELS_MORE.items() if k not in DETAIL_LABELS})
# Inspections (F2-F3).
ENTITY_LABELS.update({
    "inspection_indicator": "巡查指标", "inspection_budget": "巡查人天", "inspection_settings": "巡查设置",
    "inspection_inspector": "巡查人员", "inspection_point_unit": "点位责任单位", "inspection_plan": "巡查计划",
    "inspection_visit": "巡查", "inspection_photo": "巡查照片", "inspection_finding": "巡查问题",
    "inspection_phone_check": "电话暗访",
})
ACTION_LABELS.update({
    "inspection.seed": "按工作清单建立巡查指标", "inspection.create": "添加巡查指标", "inspection.update": "修改巡查设置",
    "inspection.add": "加入巡查人员", "inspection.remove": "移出巡查人员", "inspection.plan": "排定巡查计划",
    "inspection.replan": "重新排定巡查计划", "inspection.plan_unannounced": "安排暗访",
    "inspection.plan_reinspection": "安排复查", "inspection.upload": "上传巡查照片", "inspection.record": "提交巡查记录",
    "inspection.open": "登记巡查问题", "inspection.release": "向责任单位发布问题", "inspection.answer": "反馈整改情况",
    "inspection.assign": "指定问题责任单位", "inspection.reopen": "复查未通过", "inspection.close": "复查通过销号",
    "inspection.publish": "发布暗访结果", "inspection.phone_check": "记录电话暗访",
})
DETAIL_LABELS.update({
    "month": "月份", "visits": "巡查次数", "optimal": "最优", "person_days": "人天", "street_days": "街道日",
    "point": "点位", "point_type": "点位类型", "indicator": "指标", "findings": "问题数", "photos": "照片数",
    "failed": "不合格项", "unit": "责任单位", "repeat": "第几次发现", "held": "暗访待发布", "late": "逾期",
    "staff": "人员", "day": "日期", "connected": "接通", "rings": "铃声次数", "problems": "问题数",
})

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


# Official letters and questionnaires.
ENTITY_LABELS.update({"letter": "公文", "letters": "公文", "letter_settings": "公文设置", "survey": "满意度调查",
                      "survey_response": "问卷答卷", "surveys": "满意度调查",
                      "survey_answers": "问卷答卷"})
ACTION_LABELS.update({"letter.draft": "起草公文", "letter.update": "修改公文草稿", "letter.issue": "印发公文",
                      "export.pdf": "下载PDF", "survey.create": "新建问卷", "survey.update": "修改问卷",
                      "survey.publish": "发布问卷", "survey.close": "结束问卷", "survey.answer": "填写问卷"})
ACTION_LABELS.setdefault("export.docx", "下载Word文档")
DETAIL_LABELS.update({"addressee": "主送机关", "title": "标题", "fields": "修改的内容", "prefix": "发文机关代字",
                      "signature": "落款", "printed_by": "印发机关", "questions": "题数", "closes_on": "截止日期"})
# Letters drafted from inspection findings.
ACTION_LABELS.update({"inspection.letter": "就巡查问题起草公文"})
ENTITY_LABELS.update({"inspection_indicators": "巡查指标", "inspection_findings": "巡查问题",
                      "inspection_visits": "巡查记录", "inspection_phone_checks": "电话暗访"})

# Monthly and annual reports (政务服务月报, 年度报告).
ENTITY_LABELS.update({"report": "政务服务报告"})
ACTION_LABELS.update({"report.produce": "生成政务服务报告"})
DETAIL_LABELS.update({"period": "统计期间", "report_kind": "报告类型", "version": "版本", "scheduled": "定时生成"})
# Dashboards: the rollup of ratings and cases per day that the home pages read.
ACTION_LABELS.update({"dashboards.rollup": "更新首页看板汇总"})
DETAIL_LABELS.update({"counted_from": "重新汇总自", "counted_to": "重新汇总至", "days_changed": "数字有变化的天数"})
