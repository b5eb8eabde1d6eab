"""The demo year's hot topics and warnings: one incident the statistics should catch — the real-estate registry's
online system failing after an upgrade, a fortnight of complaints about it four months before the build, registered,
assigned, answered and called back through the complaints services — then every complete month of the year computed
as the monthly job does (topics, forecasts, warnings with their notices)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.auth.service import actor_for
from xiaoneng.calendar import service as calendar_service
from xiaoneng.complaints import intake, workflow
from xiaoneng.demo.catalog import people
from xiaoneng.demo.days import at, year_ending
from xiaoneng.insights import topics, warnings
from xiaoneng.kit import periods
from xiaoneng.org.models import Staff

INCIDENT_DEPARTMENT = "BDC"
INCIDENT_MONTHS_BACK = 4
INCIDENT_COMPLAINTS = 18
# Said differently by each caller, so that the duplicate check (same matter, similarity 85) keeps them apart.
OPENINGS = ("市民来电反映：", "来电人称：", "监督电话反映：", "来电投诉：", "市民反映：", "群众来电：")
SYMPTOMS = (
    "网上申报系统升级后一直登录不上", "网上申报页面提交材料时反复报错", "掌上办APP里的{item}提交后显示系统异常",
    "上传的权属证明材料总是显示上传失败", "网上预约{item}时系统卡在缴费页面", "电子证照下载一直提示服务器繁忙",
    "系统升级后原来保存的申请信息全部丢失", "线上签名环节一直无法完成",
)
CONSEQUENCES = (
    "只好请假跑到大厅，又被告知系统故障现场也办不了", "打了三次咨询电话都说在修复", "耽误了银行放款的时间",
    "中介说要等系统恢复才能继续办理", "已经连续试了四天", "窗口说网上的数据同步不过来，让回去等通知",
)
REQUESTS = ("希望尽快修复。", "请督促尽快解决并给个说法。", "希望恢复前能安排线下办理。", "要求说明什么时候能恢复。")


def _incident_days(cal, ref: dt.date) -> list[dt.date]:
    month = periods.month_first(ref)
    for _ in range(INCIDENT_MONTHS_BACK):
        month = periods.month_first(month - dt.timedelta(days=1))
    days = cal.working_days_between(month + dt.timedelta(days=9), month + dt.timedelta(days=24))
    return days[:10]


def add_incident(session: Session, ctx) -> int:
    gov = ctx.centers["gov"]
    dept = ctx.departments[INCIDENT_DEPARTMENT]
    rng: random.Random = ctx.rng
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    supervisor = actor_for(session.scalar(select(Staff).where(Staff.username == "supervisor")))
    head = session.scalar(select(Staff).where(Staff.department_id == dept.id, Staff.role == "dept_head",
                                              Staff.active.is_(True)).order_by(Staff.id))
    head_actor = actor_for(head) if head is not None else supervisor
    items = [i.name for i in ctx.items if i.department_id == dept.id]
    days = _incident_days(cal, ctx.reference_date)
    written = 0
    for n in range(INCIDENT_COMPLAINTS):
        day = days[min(len(days) - 1, int(n * len(days) / INCIDENT_COMPLAINTS))]
        item = rng.choice(items)
        content = (rng.choice(OPENINGS) + f"办理{item}，" + rng.choice(SYMPTOMS).format(item=item) + "，"
                   + rng.choice(CONSEQUENCES) + "，" + rng.choice(REQUESTS))
        received = at(day, rng.uniform(8.5 * 60, 17.5 * 60))
        complaint = intake.register(
            session, actor=supervisor, channel=rng.choice(("hotline", "phone", "platform")), kind="complaint",
            content=content, complainant_name=rng.choice(people.SURNAMES) + rng.choice(("先生", "女士")),
            complainant_phone=rng.choice(people.PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}",
            department_id=dept.id, received_at=received, now=received)
        written += 1
        if complaint.merged_into_id is not None:
            continue
        workflow.assign(session, actor=supervisor, complaint_id=complaint.id, department_id=dept.id,
                        now=received + dt.timedelta(hours=1))
        workflow.sign(session, actor=head_actor, complaint_id=complaint.id, now=received + dt.timedelta(hours=4))
        answered = at(cal.add_working_days(day, rng.randint(2, 5)), rng.uniform(9 * 60, 17 * 60))
        workflow.answer(session, actor=head_actor, complaint_id=complaint.id, now=answered,
                        text="经核实，系统升级后数据迁移出现故障，已于当周修复，您的申请已恢复办理，并已电话告知。")
        workflow.callback(session, actor=supervisor, complaint_id=complaint.id, result="basic",
                          now=answered + dt.timedelta(days=1))
    return written


def complete_months(ref: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The whole months inside the year that ends on `ref`."""
    first = year_ending(ref)
    month = first if first.day == 1 else periods.month_first(periods.month_last(first) + dt.timedelta(days=1))
    out = []
    while periods.month_last(month) <= ref:
        out.append((month, periods.month_last(month)))
        month = periods.month_last(month) + dt.timedelta(days=1)
    return out


def add_insights_year(session: Session, ctx) -> None:
    session.flush()
    gov = ctx.centers["gov"]
    incident = add_incident(session, ctx)
    topic_count = warning_count = 0
    for start, end in complete_months(ctx.reference_date):
        computed = at(end + dt.timedelta(days=1), 7 * 60)  # as the job would have, the morning after
        run = topics.compute(session, center_id=gov.id, start=start, end=end, now=computed)
        topic_count += run.detail.get("k", 0)
        warning_count += len(warnings.compute(session, center_id=gov.id, start=start, end=end, now=computed))
    ctx.counts.update({"incident_complaints": incident, "hot_topics": topic_count, "warnings": warning_count})
