"""The demo year's official letters: 提示函 and 督办函 the supervisors sent to the departments after their monthly
inspections, a few drafts still waiting, numbered per kind and calendar year as issuing would have (the year of the
demo spans two calendar years, so the serials start again on 1 January), with their counters and the heads'
notices. Written in bulk; deterministic from the seed."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.kit import bulk
from xiaoneng.demo.days import at, year_ending
from xiaoneng.letters import rules
from xiaoneng.letters.models import Letter, LetterCounter
from xiaoneng.notifications.models import Notification

PROBLEMS = [
    ("窗口工作人员离岗未放置“暂停服务”提示牌", "离岗须放置提示牌并由 B 岗补位，离岗时间不超过15分钟"),
    ("叫号后群众等候超过30分钟未得到受理", "高峰时段增开窗口，落实弹性窗口和延时服务"),
    ("一次性告知单内容与办事指南不一致", "逐项核对办事指南和告知单，统一材料清单"),
    ("工作人员服务用语不规范，群众当场提出意见", "组织服务规范培训，落实首问负责和文明用语"),
    ("办件超过承诺时限未办结且未申请延期", "清理在办件，超期件逐件说明原因并限期办结"),
    ("差评整改回访记录不完整", "完善差评整改台账，按时回访并如实记录"),
]
MONTHLY = 3  # letters a month
KIND_CYCLE = (rules.Kind.NOTICE, rules.Kind.NOTICE, rules.Kind.URGE)


def _body(kind: str, department: str, problem: str, demand: str, found_on: dt.date, due_on: dt.date) -> list[str]:
    opening = (f"{rules.cn_date(found_on)}，中心效能监督巡查中发现，你科存在{problem}的问题。"
               + ("现予提示。" if kind == rules.Kind.NOTICE else "该问题经提示后仍未整改到位，现予督办。"))
    return [opening,
            f"一、存在的问题。{problem}，影响群众办事体验，不符合中心窗口服务规范。",
            f"二、整改要求。请{department}高度重视，{demand}，举一反三，杜绝类似问题再次发生。",
            f"三、报送要求。请于{rules.cn_date(due_on)}前将整改情况书面报送中心综合服务科。"]


def add_letters(session: Session, ctx) -> None:
    gov = ctx.centers["gov"]
    rng = ctx.rng
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    ref = ctx.reference_date
    days = cal.working_days_between(year_ending(ref), ref)
    departments = [d for d in ctx.departments.values() if d.center_id == gov.id]
    heads = {s.department_id: s for s in ctx.staff if s.role == Role.DEPT_HEAD and s.center_id == gov.id}
    supervisor = next(s for s in ctx.staff if s.username == "supervisor")
    prefix, signature = rules.default_prefix(gov.name), gov.name
    months = sorted({(d.year, d.month) for d in days})
    rows, serials = [], {}
    for year, month in months:
        in_month = [d for d in days if (d.year, d.month) == (year, month)]
        for n in range(MONTHLY):
            day = in_month[min(len(in_month) - 1, 5 + n * 5 + rng.randrange(3))]
            kind = KIND_CYCLE[n]
            department = rng.choice(departments)
            problem, demand = rng.choice(PROBLEMS)
            due = cal.add_working_days(day, 5 if kind == rules.Kind.NOTICE else 3)
            issued = not (day > ref - dt.timedelta(days=3) and n == MONTHLY - 1)  # the last one still a draft
            serial = None
            if issued:
                serials[(kind, day.year)] = serial = serials.get((kind, day.year), 0) + 1
            moment = at(day, 9 * 60 + 30 + n * 40)
            title = f"关于{department.name}{problem[:12].rstrip('“”，')}问题的{rules.KIND_LABELS[kind]}"
            rows.append(dict(
                center_id=gov.id, kind=str(kind), status=str(rules.Status.ISSUED if issued else rules.Status.DRAFT),
                issuer=gov.name, department_id=department.id, to_name=department.name, title=title[:100],
                paragraphs=_body(kind, department.name, problem, demand, day, due), attachments=["问题清单"],
                copy_to=["中心主任", "中心纪检组"], signature=signature, year=day.year if issued else None,
                serial=serial, number=rules.letter_number(prefix, kind, day.year, serial) if issued else "",
                dated_on=day if issued else None, printed_by=f"{gov.name}综合服务科", printed_on=day if issued else None,
                source_entity="", source_id=None, source_link="", drafted_by_id=supervisor.id,
                drafted_at=moment - dt.timedelta(hours=1), issued_by_id=supervisor.id if issued else None,
                issued_at=moment if issued else None))
    before = bulk.last_id(session, Letter.__table__)
    bulk.insert(session, Letter.__table__, rows)
    bulk.insert(session, LetterCounter.__table__, [dict(center_id=gov.id, kind=str(k), year=y, last=n)
                                                    for (k, y), n in sorted(serials.items())])
    written = session.execute(select(Letter.id, Letter.department_id, Letter.kind, Letter.number, Letter.title,
                                     Letter.issued_at).where(Letter.id > before, Letter.status == rules.Status.ISSUED))
    notes = [dict(key=f"letter-issued:{lid}:{heads[dep].id}", center_id=gov.id, recipient_id=heads[dep].id,
                  kind="letter_issued", title=f"{rules.KIND_LABELS[rules.Kind(kind)]} {number}：{title}"[:200],
                  body="", link=f"/letters/{lid}", created_at=issued_at, read_at=issued_at + dt.timedelta(hours=2))
             for lid, dep, kind, number, title, issued_at in written if dep in heads]
    bulk.insert(session, Notification.__table__, notes)
    ctx.counts.update({"letters": len(rows), "letters_issued": sum(serials.values())})
