"""The demo's year of cases, ratings and bad reviews in every state of the loop, written in bulk (SPEC K6).

Cases run on the working days of the year ending on the reference date, with a seasonal volume; their clock
fields come from the real calendar (vectorised), their ratings follow the 5-working-day window of S0 art.7-10
and every bad review has its rectification record in a state that fits its age (S0 art.14-15).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import JSON, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.calendar.rules import WorkCalendar, day_number, from_day_number
from xiaoneng.cases.models import ApplicantType, Case, CaseEvent, CaseOrigin, CaseStatus, CaseStep, EventKind
from xiaoneng.cases.rules import ClockStatus
from xiaoneng.cases.service import ONLINE_STEPS, WINDOW_STEP
from xiaoneng.demo.catalog import people
from xiaoneng.items.models import ItemMaterial
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings.models import IndicatorSet, Rating
from xiaoneng.ratings.rules import Channel, Level, SocialSource
from xiaoneng.ratings.service import APPLICANT, Rater, rater_key
from xiaoneng.rectification import rules as loop
from xiaoneng.rectification.models import ContactLog, Rectification
from xiaoneng.rectification.rules import Escalation, Status

# Relative monthly demand: quiet around 春节 (February) and 国庆 (October), busiest in spring.
MONTH_FACTORS = {1: 1.0, 2: 0.62, 3: 1.3, 4: 1.35, 5: 1.15, 6: 1.05, 7: 0.95, 8: 0.9, 9: 1.05, 10: 0.72, 11: 1.0,
                 12: 1.1}
WEEKDAY_FACTORS = (1.2, 1.05, 1.0, 0.95, 0.85, 0.8, 0.8)  # Monday first; make-up Saturdays are quiet
CASES_PER_DAY = 112
ONLINE_SHARE = 0.27  # of cases of items that can be handled online: about 20% of all cases
OVERDUE_SHARE = 0.035
NOTICE_SHARE = 0.04
RATED_SHARE = 0.70  # the rest is left to the default 满意 once the window closes
BAD_RATE = 0.024  # bad reviews among the ratings people give
WORSE_DEPARTMENTS = {"ZJJ": 3.6, "GHZY": 3.8, "JTJ": 3.4}
DEPARTMENT_WEIGHT = {"XNJD": 0.15, "ZHFW": 0.6}
SOCIAL_PER_MONTH = 12
DEMO_STAFF = "staff_scjg"
DEMO_HEAD = "head_scjg"

GOOD_COMMENTS = (
    "工作人员非常热情，材料一次就审核通过了，点赞！", "办理很快，前后不到二十分钟，很满意。", "窗口人员耐心解答问题，服务周到。",
    "一次就办成了，不用来回跑，感谢！", "预约后基本不用排队，效率高效。", "帮办员全程指导填表，很贴心。",
    "网上提交材料后很快就审批了，很方便，谢谢。", "工作人员业务熟练，讲解清楚，非常满意。", "大厅环境好，引导清楚，服务热情。",
    "材料缺了一份，窗口当场告诉我怎么补，很耐心。", "比以前方便多了，点赞政务服务。", "帮老人办理时特别耐心，感谢工作人员。",
    "全程网办，进度随时能查，很好。", "午休时间也有人办理，服务贴心。", "证照当天就拿到了，太好了！",
)
FAIR_COMMENTS = (
    "排队时间稍长，其他还可以。", "办成了，就是材料清单可以再写清楚一点。", "系统有点慢，等了一会儿。",
    "整体可以，希望增加窗口数量。", "停车不太方便。", "叫号屏有时看不清楚。",
)
BAD_COMMENTS = (
    "排了两个小时的队才轮到，窗口人员态度差。", "材料清单上没写要这份证明，跑了好几次才办成，很不满意。",
    "工作人员不耐烦，问两句就让我自己去网上看。", "说好五个工作日办结，到期了还没有结果，打电话也没人管。",
    "两个窗口互相推诿，让我来回跑。", "一次性告知没有做到，每次来都说缺不同的材料。", "网上提交后一直显示审核中，超过时限也没有人处理，太差了。",
    "窗口人员中途离岗二十分钟，后面排队的人都在等，很差。", "要求提供的材料明明可以内部调取，还让我们自己去开证明。",
    "咨询电话一直打不通，到现场又说要预约，不满意。", "办事指南和窗口说法不一致，白跑一趟。", "态度恶劣，说话很冲，要求投诉。",
)
SOCIAL_BAD = ("来电反映：", "意见箱留言：", "平台转来：")
SOCIAL_GOOD = ("来信表扬：", "来电表扬：", "留言：")
SOCIAL_GOOD_COMMENTS = (
    "窗口工作人员帮我们企业加班办理了变更登记，非常满意，特此感谢。", "工作人员上门为行动不便的老人办理业务，服务贴心。",
    "帮办代办服务很周到，感谢。",
)
COMPANY_WORDS = ("锦程", "蓉锦", "天府", "新城", "华兴", "川西", "金桥", "瑞丰", "嘉禾", "鼎盛", "宏达", "弘远", "启航", "益民")
COMPANY_KINDS = ("商贸有限公司", "建筑工程有限公司", "科技有限公司", "餐饮管理有限公司", "物业服务有限公司", "农业专业合作社",
                 "文化传媒有限公司", "医疗器械有限公司")
ORGANISATION_DEPARTMENTS = {"SCJG": 0.55, "SWJ": 0.6, "ZJJ": 0.5, "GHZY": 0.45, "JTJ": 0.35, "STHJ": 0.6, "YJGL": 0.6,
                            "WLJ": 0.4, "NYJ": 0.3, "RSJ": 0.2}

CONTACT_SUMMARIES = ("电话联系评价人，了解具体情况并致歉，说明将核实整改。", "电话联系评价人，核实了等候和办理经过，约定整改后反馈。",
                     "短信告知评价人已收到意见，随后电话沟通了诉求。", "通过网上留言联系评价人，说明了核查安排。")
PROBLEMS = ("窗口高峰时段人手不足，等候时间过长。", "一次性告知不到位，材料清单与窗口要求不一致。", "工作人员服务用语不规范，解释不耐心。",
            "承办人员未在承诺时限内推进审查。", "办事指南未及时更新，材料要求表述不清。")
MEASURES = ("高峰时段增开综合窗口并安排导办员分流，已向评价人反馈。", "更新办事指南和一次性告知单，组织窗口人员学习。",
            "对当事工作人员批评教育并纳入月度考核，已向评价人致歉。", "调整审查流程，明确每个环节的办理时限。",
            "当场为评价人补办完成，并说明了原因。")
EXPLANATIONS = ("所需材料为法律法规明确规定，无法减免，已向评价人解释清楚。", "办理时限符合承诺，因补正材料时间停止计时，已解释说明。",
                "评价人反映的收费事项属于第三方机构收费，不属于本中心管理范围，已告知其投诉渠道。")
CALLBACK_NOTES = ("回访评价人，对整改情况表示认可。", "回访评价人，表示问题已解决。", "回访评价人，基本认可，希望继续改进。",
                  "回访评价人，对处理结果满意。")
APPEAL_REASONS = ("经调取窗口录像核实，评价人所述情况与事实不符，且评价人未办理该事项。",
                  "该差评系评价人对法定收费标准不满，不属于窗口服务问题。")


@dataclass
class _Plan:
    """One completed step's rating, decided before any row is written."""

    step: int  # index into the step arrays
    day: dt.date
    at: dt.datetime
    channel: str
    level: int
    comment: str = ""
    real_name: bool = False
    name: str = ""
    phone: str = ""
    ip: str = ""
    device_id: str = ""
    recent_top: int = 0
    flags: list = field(default_factory=list)


def _at(day: dt.date, minutes: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=TZ) + dt.timedelta(minutes=int(minutes))


def _person(rng: random.Random) -> str:
    surname = rng.choice(people.COMMON_SURNAMES if rng.random() < 0.4 else people.SURNAMES)
    return surname + "".join(rng.choice(people.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(people.PHONE_PREFIXES)}{rng.randint(0, 99999999):08d}"


def _id_number(rng: random.Random, received: dt.date) -> str:
    born = received - dt.timedelta(days=rng.randint(18 * 365, 80 * 365))
    body = f"510199{born:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def _company(rng: random.Random) -> str:
    return f"锦城新区{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"


def _credit_code(rng: random.Random) -> str:
    return "91510199" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))


class _Days:
    """Working-day arithmetic on day numbers, through the calendar's vectorised form."""

    def __init__(self, cal: WorkCalendar):
        self.cal = cal

    def add(self, starts, ns) -> np.ndarray:
        due, _ = self.cal.add_working_days_many(np.asarray(starts, dtype=np.int64), np.asarray(ns, dtype=np.int64))
        return due.astype(np.int64)

    def add_one(self, start: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(start, n)

    def between(self, start: dt.date, end: dt.date) -> int:
        return self.cal.get_working_days_delta(start, end) if end > start else 0


def _insert(session: Session, table, rows: list[dict]) -> None:
    """One driver-level executemany for rows that all have the same keys, values converted by the column types.

    The statement's per-row parameter handling costs more than the database itself at this volume, so the values
    go through each column type's own bind processor and straight to the driver. New ids are read back afterwards
    by each table's natural key (RETURNING in parameter order runs one statement per row on SQLite).
    """
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    quote = dialect.identifier_preparer.quote
    if dialect.name == "postgresql":
        # COPY is an order of magnitude faster than any INSERT on PostgreSQL (STACK-NOTES).
        json_keys = {k for k in keys if isinstance(table.c[k].type, JSON)}
        with conn.connection.dbapi_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({', '.join(quote(k) for k in keys)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([json.dumps(row[k], ensure_ascii=False) if k in json_keys else row[k] for k in keys])
        return
    processors = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys]
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join([mark] * len(keys))})")
    converted = []
    for row in rows:
        values = [row[k] for k in keys]
        converted.append(tuple(v if p is None or v is None else p(v) for p, v in zip(processors, values)))
    conn.exec_driver_sql(sql, converted)


def add_cases_and_ratings(session: Session, ctx) -> None:
    """A year of cases at the main center, their ratings and the bad-review loop in every state."""
    session.flush()
    rng = ctx.rng
    nrng = np.random.default_rng(rng.getrandbits(64))
    gov = ctx.centers["gov"]
    ref = ctx.reference_date
    start = ref.replace(year=ref.year - 1) + dt.timedelta(days=1)
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    days = _Days(cal)
    staff_by_username = {s.username: s for s in ctx.staff}
    departments = {d.id: code for code, d in ctx.departments.items() if d.center_id == gov.id}
    window_staff: dict[int, list] = {}
    heads: dict[int, object] = {}
    for s in ctx.staff:
        if s.center_id != gov.id or s.department_id is None:
            continue
        if s.role == Role.WINDOW_STAFF:
            window_staff.setdefault(s.department_id, []).append(s)
        elif s.role == Role.DEPT_HEAD:
            heads[s.department_id] = s
    supervisor = staff_by_username["supervisor"]
    director = staff_by_username["director"]
    directors = [s for s in ctx.staff if s.center_id == gov.id and s.role == Role.DIRECTOR]

    # --- volume: working days of the year, monthly and weekday factors, some noise ---------------------------------
    work_days = cal.working_days_between(start, ref)
    factors = np.array([MONTH_FACTORS[d.month] * WEEKDAY_FACTORS[d.weekday()] for d in work_days])
    per_day = nrng.poisson(CASES_PER_DAY * factors * nrng.lognormal(0, 0.12, len(work_days)))
    day_of_case = np.repeat(np.array([day_number(d) for d in work_days], dtype=np.int64), per_day)
    n = len(day_of_case)

    # --- which item: departments by their windows, items by a skewed popularity ---------------------------------
    items = [i for i in ctx.items if i.center_id == gov.id and i.department_id in window_staff]
    dept_items = Counter(i.department_id for i in items)
    windows_of = {d: len(ctx.windows_by_department[departments[d]]) for d in dept_items}
    popularity = nrng.pareto(1.6, len(items)) + 0.2
    weights = np.array([windows_of[i.department_id] * DEPARTMENT_WEIGHT.get(departments[i.department_id], 1.0)
                        / dept_items[i.department_id] for i in items]) * popularity
    item_of_case = nrng.choice(len(items), size=n, p=weights / weights.sum())
    limits = np.array([i.promised_limit_days or i.statutory_limit_days for i in items], dtype=np.int64)[item_of_case]
    item_online = np.array([i.online for i in items])[item_of_case]
    online = item_online & (nrng.random(n) < ONLINE_SHARE)

    # --- the clock: notices, supplements, handling time, a few overdue ------------------------------------------
    notice = (limits > 0) & (nrng.random(n) < NOTICE_SHARE)
    supplement_after = nrng.integers(1, 6, n)
    counting_from = np.where(notice, days.add(day_of_case, np.where(notice, supplement_after, 0)), day_of_case)
    handling = np.floor(limits * nrng.beta(1.6, 2.6, n)).astype(np.int64)
    overdue_pick = (limits > 0) & (nrng.random(n) < OVERDUE_SHARE)
    handling = np.where(overdue_pick, limits + nrng.integers(1, 5, n), handling)
    handling = np.where(online & (limits > 0), np.maximum(handling, 1), handling)
    due_day = days.add(counting_from, limits)
    done_day = days.add(counting_from, handling)
    first_step_day = days.add(day_of_case, np.minimum(handling, 1) * online)
    middle_day = np.maximum(first_step_day, days.add(counting_from, handling // 2))
    ref_n = day_number(ref)
    rating_due = days.add(np.concatenate([first_step_day, middle_day, done_day]), np.full(3 * n, 5))
    rating_due_first, rating_due_middle, rating_due_done = rating_due[:n], rating_due[n:2 * n], rating_due[2 * n:]

    materials: dict[int, list[str]] = {}
    for item_id, name in session.execute(select(ItemMaterial.item_id, ItemMaterial.name)
                                         .where(ItemMaterial.required.is_(True)).order_by(ItemMaterial.id)):
        materials.setdefault(item_id, []).append(name)

    # --- cases -------------------------------------------------------------------------------------------------
    case_rows, step_specs, event_specs = [], [], []
    numbers: Counter = Counter()
    demo_numbers: list[str] = []
    received_minutes = nrng.integers(9 * 60, 16 * 60 + 30, n)
    order = np.lexsort((received_minutes, day_of_case))
    # staff_scjg handles the last two window cases of the department finished in the last two working days.
    demo_staff = staff_by_username.get(DEMO_STAFF)
    demo_cases: set[int] = set()
    if demo_staff is not None:
        recent_from = day_number(cal.working_days_between(ref - dt.timedelta(days=10), ref)[-2])
        candidates = [idx for idx in order if items[item_of_case[idx]].department_id == demo_staff.department_id
                      and not online[idx] and not notice[idx] and recent_from <= day_of_case[idx] <= ref_n
                      and done_day[idx] == day_of_case[idx]]
        demo_cases = set(candidates[-2:])
    for idx in order:
        item = items[item_of_case[idx]]
        dept_code = departments[item.department_id]
        received_day = from_day_number(day_of_case[idx])
        received_at = _at(received_day, received_minutes[idx])
        handler = demo_staff if idx in demo_cases else rng.choice(window_staff[item.department_id])
        numbers[received_day] += 1
        organisation = rng.random() < ORGANISATION_DEPARTMENTS.get(dept_code, 0.08)
        is_online = bool(online[idx])
        is_notice = bool(notice[idx])
        supplement_day = from_day_number(counting_from[idx]) if is_notice else None
        completed_day = from_day_number(done_day[idx])
        due = from_day_number(due_day[idx])
        completed = done_day[idx] <= ref_n
        waiting = is_notice and supplement_day > ref
        limit = int(limits[idx])
        # Steps: one at the window; 受理, 审查 and 决定 online, the last by the department head.
        if is_online:
            reviewer = rng.choice(window_staff[item.department_id])
            step_days = (int(first_step_day[idx]), int(middle_day[idx]), int(done_day[idx]))
            step_dues = (int(rating_due_first[idx]), int(rating_due_middle[idx]), int(rating_due_done[idx]))
            step_handlers = (handler, reviewer, heads.get(item.department_id, reviewer))
            names = ONLINE_STEPS
        else:
            step_days, step_dues, step_handlers, names = (int(done_day[idx]),), (int(rating_due_done[idx]),), (handler,), [WINDOW_STEP]
        supplement_at = _at(supplement_day, rng.randint(9 * 60, 16 * 60)) if is_notice and not waiting else None
        last_at = supplement_at if supplement_at and not is_online else received_at
        steps = []
        for seq, (name, sday, sdue, shandler) in enumerate(zip(names, step_days, step_dues, step_handlers), start=1):
            day = from_day_number(sday)
            if sday > ref_n or waiting:
                steps.append((seq, name, shandler, None, None, None))
                continue
            if day == last_at.date():
                at = last_at + dt.timedelta(minutes=rng.randint(8, 90 if is_online else 45))
            else:
                at = _at(day, rng.randint(9 * 60, 17 * 60))
            last_at = at
            steps.append((seq, name, shandler, at, day, from_day_number(sdue)))
        if completed:
            status, clock_status = CaseStatus.COMPLETED, ClockStatus.DONE
        elif waiting:
            status, clock_status = CaseStatus.SUSPENDED, ClockStatus.STOPPED
        else:
            # Some of today's applications wait to be accepted; any completed step means it was.
            fresh = received_day == ref and steps[0][3] is None and rng.random() < 0.5
            status, clock_status = (CaseStatus.RECEIVED if fresh else CaseStatus.ACCEPTED), ClockStatus.RUNNING
        completed_at = steps[-1][3] if completed else None
        accepted_at = None if status == CaseStatus.RECEIVED else received_at + dt.timedelta(minutes=rng.randint(2, 12))
        if organisation:
            applicant, id_number, applicant_type = _company(rng), _credit_code(rng), ApplicantType.ORGANISATION
        else:
            applicant, applicant_type = _person(rng), ApplicantType.PERSON
            id_number = _id_number(rng, received_day)
        case_rows.append(dict(
            center_id=gov.id, department_id=item.department_id, item_id=item.id, window_id=handler.window_id,
            handler_id=handler.id, number=f"{received_day:%Y%m%d}{numbers[received_day]:05d}",
            origin=CaseOrigin.ONLINE.value if is_online else CaseOrigin.WINDOW.value, status=status.value,
            applicant_type=applicant_type.value, applicant_name=applicant, applicant_id_number=id_number,
            applicant_phone=_phone(rng), applicant_account=f"tfth{rng.randint(10**8, 10**9 - 1)}" if is_online else "",
            limit_days=limit, received_at=received_at, accepted_at=accepted_at, completed_at=completed_at,
            completed_on=completed_day if completed else None, due_on=None if waiting else due,
            due_provisional=bool(not waiting and due.year == cal.provisional_year), clock_status=clock_status.value,
            overdue=bool(not waiting and (completed_day if completed else ref) > due), external_ref="",
            created_at=received_at, updated_at=completed_at or received_at,
        ))
        step_specs.append(steps)
        events = [(EventKind.RECEIVED, received_at, [], handler)]
        if is_notice:
            names_needed = materials.get(item.id) or ["申请材料"]
            asked = rng.sample(names_needed, k=min(len(names_needed), rng.choice((1, 1, 2))))
            events.append((EventKind.NOTICE, received_at + dt.timedelta(minutes=rng.randint(10, 40)), asked, handler))
            if not waiting:
                events.append((EventKind.SUPPLEMENT, supplement_at, [], handler))
        if completed:
            events.append((EventKind.COMPLETED, completed_at, [], steps[-1][2]))
        event_specs.append(events)
        if idx in demo_cases:
            demo_numbers.append(case_rows[-1]["number"])
    _insert(session, Case.__table__, case_rows)
    by_number = dict(session.execute(select(Case.number, Case.id).where(Case.center_id == gov.id)).all())
    case_ids = [by_number[row["number"]] for row in case_rows]

    # --- steps and events ----------------------------------------------------------------------------------------
    step_rows, step_meta = [], []
    for case_id, row, steps in zip(case_ids, case_rows, step_specs):
        for seq, name, shandler, at, day, rdue in steps:
            step_rows.append(dict(case_id=case_id, center_id=gov.id, department_id=row["department_id"], seq=seq,
                                  name=name, window_id=row["window_id"], handler_id=shandler.id, completed_at=at,
                                  completed_on=day, rating_due_on=rdue, rating_closed=False))
            step_meta.append((case_id, row))
    event_rows = [dict(case_id=case_id, kind=kind.value, day=at.date(), at=at, materials=asked, new_due=None, reason="",
                       approved_by_id=None, actor_id=who.id)
                  for case_id, events in zip(case_ids, event_specs) for kind, at, asked, who in events]

    # --- ratings: who rates, when, on which channel, with what level ---------------------------------------------
    sets = {s.scope: s for s in session.scalars(select(IndicatorSet).where(IndicatorSet.active.is_(True))
                                                .order_by(IndicatorSet.id))}
    wd_list = cal.working_days_between(start - dt.timedelta(days=30), ref)
    wd_index = {d: i for i, d in enumerate(wd_list)}
    last_wd = len(wd_list) - 1
    plans: dict[int, _Plan] = {}
    defaults: list[int] = []
    for k, row in enumerate(step_rows):
        day = row["completed_on"]
        if day is None:
            continue
        closed_window = ref > row["rating_due_on"]
        if closed_window and rng.random() >= RATED_SHARE:
            defaults.append(k)
            continue
        if not closed_window and rng.random() >= 0.55:
            continue
        origin = step_meta[k][1]["origin"]
        if origin == CaseOrigin.ONLINE:
            channel = Channel.SYSTEM_STEP if rng.random() < 0.8 else Channel.ONLINE
        else:
            channel = rng.choices((Channel.WINDOW_DEVICE, Channel.QR_CODE, Channel.ONLINE), (0.45, 0.4, 0.15))[0]
        if channel is Channel.WINDOW_DEVICE or (channel is Channel.QR_CODE and rng.random() < 0.8):
            offset = 0
        else:
            offset = rng.choices(range(6), (0.45, 0.2, 0.12, 0.1, 0.07, 0.06))[0]
        rated_day = wd_list[min(wd_index[day] + offset, last_wd)]
        if rated_day == day:
            at = row["completed_at"] + dt.timedelta(minutes=rng.randint(1, 15))
        else:
            at = _at(rated_day, rng.randint(8 * 60, 22 * 60))
        plans[k] = _Plan(step=k, day=rated_day, at=at, channel=channel.value, level=0)

    # Levels: the worse departments draw bad reviews several times as often.
    for k, plan in plans.items():
        dept_code = departments[step_rows[k]["department_id"]]
        p_bad = BAD_RATE * WORSE_DEPARTMENTS.get(dept_code, 1.0)
        u = rng.random()
        if u < p_bad:
            plan.level = int(Level.DISSATISFIED if rng.random() < 0.65 else Level.VERY_DISSATISFIED)
        else:
            plan.level = int(rng.choices((Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED),
                                         (0.75, 0.19, 0.06))[0])

    # staff_scjg gets two recent bad reviews on steps still in their rating window.
    forced_bad: list[int] = []
    if demo_numbers:
        recent = [k for k, (_, case) in enumerate(step_meta) if case["number"] in demo_numbers]
        for k, level in zip(recent, (Level.DISSATISFIED, Level.VERY_DISSATISFIED)):
            row = step_rows[k]
            plans[k] = _Plan(step=k, day=row["completed_on"], at=row["completed_at"] + dt.timedelta(minutes=6),
                             channel=Channel.QR_CODE.value, level=int(level))
            forced_bad.append(k)

    # A burst: one phone giving top ratings to nine steps of one department within ten minutes.
    burst_dept = ctx.departments["RSJ"].id
    burst_day = wd_list[last_wd - 40]
    burst_at = _at(burst_day, 14 * 60 + 3)
    burst = [k for k, row in enumerate(step_rows) if row["department_id"] == burst_dept and row["completed_on"]
             and row["completed_on"] <= burst_day <= row["rating_due_on"] and row["completed_at"] < burst_at][:9]
    burst_device = f"m{rng.getrandbits(48):012x}"
    burst_ip = f"117.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
    for i, k in enumerate(burst):
        plans[k] = _Plan(step=k, day=burst_day, at=burst_at + dt.timedelta(seconds=55 * i),
                         channel=Channel.QR_CODE.value, level=int(Level.VERY_SATISFIED), comment="非常满意",
                         device_id=burst_device, ip=burst_ip, recent_top=min(i, rating_rules.BURST_THRESHOLD))

    # Two top ratings whose text says the opposite: a misclick the supervisor should look at.
    older = [k for k, p in sorted(plans.items()) if p.level == Level.VERY_SATISFIED and not p.comment
             and p.day < wd_list[last_wd - 30]]
    for k in rng.sample(older, k=min(2, len(older))):
        plans[k].comment = rng.choice(("态度差，跑了好几次才办成", "等了很久没人管"))
    defaults = [k for k in defaults if k not in plans]
    for k in list(plans) + defaults:
        step_rows[k]["rating_closed"] = True
    _insert(session, CaseStep.__table__, step_rows)
    by_seq = {(c, q): i for i, c, q in session.execute(
        select(CaseStep.id, CaseStep.case_id, CaseStep.seq).where(CaseStep.center_id == gov.id))}
    step_ids = [by_seq[(row["case_id"], row["seq"])] for row in step_rows]
    _insert(session, CaseEvent.__table__, event_rows)

    # Comments, raters and indicators, matched to the level.
    for k in sorted(plans):
        plan = plans[k]
        level = Level(plan.level)
        if not plan.comment:
            if level.is_bad:
                plan.comment = rng.choice(BAD_COMMENTS)
            elif level is Level.BASICALLY_SATISFIED and rng.random() < 0.6:
                plan.comment = rng.choice(FAIR_COMMENTS)
            elif rng.random() < 0.3:
                plan.comment = rng.choice(GOOD_COMMENTS)
        plan.real_name = rng.random() < (0.4 if level.is_bad else 0.08)
        if plan.real_name:
            plan.name, plan.phone = _person(rng), _phone(rng)
        if not plan.device_id:
            if plan.channel == Channel.WINDOW_DEVICE:
                plan.device_id = f"PJQ-{step_rows[k]['window_id']:04d}"
                plan.ip = f"10.20.{step_rows[k]['window_id'] % 250}.{10 + rng.randint(0, 5)}"
            else:
                plan.device_id = f"m{rng.getrandbits(48):012x}"
                plan.ip = f"{rng.choice((117, 171, 182, 223))}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        plan.flags = rating_rules.flags_for(level, plan.comment, recent_top_from_source=plan.recent_top,
                                            from_staff_device=False)

    def indicators(channel: str, level: Level) -> tuple[int | None, dict]:
        scope = rating_rules.indicator_scope(Channel(channel))
        chosen_set = sets.get(scope) if scope else None
        if chosen_set is None or (not level.is_bad and rng.random() < 0.5):
            return (chosen_set.id if chosen_set else None), {}
        side = rating_rules.polarity(level)
        picked = rng.sample(chosen_set.definition["indicators"], k=rng.randint(1, 2))
        return chosen_set.id, {i["code"]: rng.sample(i["options"][side], k=1) for i in picked}

    rating_rows: list[dict] = []
    for k in sorted(plans):
        plan, row = plans[k], step_rows[k]
        case_id, case = step_meta[k]
        set_id, chosen = indicators(plan.channel, Level(plan.level))
        rating_rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=plan.channel, social_source="", level=plan.level, is_bad=Level(plan.level).is_bad, is_default=False,
            indicator_set_id=set_id, indicators=chosen, comment=plan.comment, rater_key=APPLICANT,
            real_name=plan.real_name, rater_name=plan.name, rater_phone=plan.phone, client_ip=plan.ip,
            device_id=plan.device_id, entered_by_id=None, nonce=None, flags=plan.flags, rated_at=plan.at,
            rated_on=plan.day,
        ))
    for k in defaults:
        row = step_rows[k]
        case_id, case = step_meta[k]
        rated_on = row["rating_due_on"] + dt.timedelta(days=1)
        rating_rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=Channel.DEFAULT.value, social_source="", level=int(rating_rules.DEFAULT_LEVEL), is_bad=False,
            is_default=True, indicator_set_id=None, indicators={}, comment="", rater_key=APPLICANT, real_name=False,
            rater_name="", rater_phone="", client_ip="", device_id="", entered_by_id=None, nonce=None, flags=[],
            rated_at=_at(rated_on, 60 + rng.randint(0, 20)), rated_on=rated_on,
        ))

    # Social ratings typed in by the supervisor: letters, hotline calls, platform messages about a staff member.
    gov_staff = [s for dept in sorted(window_staff) for s in window_staff[dept]]
    social_days = [d for d in work_days if d < ref]
    for _ in range(SOCIAL_PER_MONTH * 12):
        target = rng.choice(gov_staff)
        day = rng.choice(social_days)
        bad = rng.random() < 0.4
        level = (rng.choice((Level.DISSATISFIED, Level.VERY_DISSATISFIED)) if bad
                 else rng.choice((Level.VERY_SATISFIED, Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED)))
        comment = (rng.choice(SOCIAL_BAD) + rng.choice(BAD_COMMENTS) if bad
                   else rng.choice(SOCIAL_GOOD) + rng.choice(SOCIAL_GOOD_COMMENTS + GOOD_COMMENTS))
        real_name = rng.random() < 0.5
        rater = Rater(name=_person(rng), phone=_phone(rng), real_name=True) if real_name else \
            Rater(device_id=f"social-{rng.getrandbits(40):010x}")
        rating_rows.append(dict(
            center_id=gov.id, department_id=target.department_id, window_id=target.window_id, staff_id=target.id,
            item_id=None, case_id=None, step_id=None, channel=Channel.SOCIAL.value,
            social_source=rng.choice(list(SocialSource)).value, level=int(level), is_bad=level.is_bad,
            is_default=False, indicator_set_id=None, indicators={}, comment=comment, rater_key=rater_key(rater),
            real_name=real_name, rater_name=rater.name, rater_phone=rater.phone, client_ip="", device_id="",
            entered_by_id=supervisor.id, nonce=None,
            flags=rating_rules.flags_for(level, comment, recent_top_from_source=0, from_staff_device=False),
            rated_at=_at(day, rng.randint(9 * 60, 17 * 60)), rated_on=day,
        ))
    _insert(session, Rating.__table__, rating_rows)
    # Only the bad reviews need their ids: step ratings by their step (one applicant rating each), social ones by
    # their rater and moment.
    step_rating = dict(session.execute(select(Rating.step_id, Rating.id).where(
        Rating.center_id == gov.id, Rating.is_bad.is_(True), Rating.step_id.is_not(None))).all())
    social_rating = {(key, at): i for i, key, at in session.execute(select(Rating.id, Rating.rater_key, Rating.rated_at)
                     .where(Rating.center_id == gov.id, Rating.is_bad.is_(True), Rating.step_id.is_(None)))}
    rating_ids = [step_rating[r["step_id"]] if r["step_id"] is not None else social_rating[(r["rater_key"], r["rated_at"])]
                  for r in rating_rows if r["is_bad"]]

    # --- the loop: one rectification per bad review, in a state that fits its age -------------------------------
    bad = list(zip(rating_ids, [r for r in rating_rows if r["is_bad"]]))
    forced_ratings = {step_ids[k] for k in forced_bad}
    settings = loop.LoopSettings()
    planted = _planted_states(rng, bad, ref, days, forced_ratings)
    rect_rows, contact_specs = [], []
    for rid, r in bad:
        state = planted.get(rid) or _state_for_age(rng, days.between(r["rated_on"], ref))
        rect, contacts = _rectification(rng, rid, r, state, ref, days, cal, settings,
                                        head=heads.get(r["department_id"]), supervisor=supervisor, director=director)
        rect_rows.append(rect)
        contact_specs.append(contacts)
    _insert(session, Rectification.__table__, rect_rows)
    by_rating = dict(session.execute(select(Rectification.rating_id, Rectification.id)
                                     .where(Rectification.rating_id.in_([r["rating_id"] for r in rect_rows]))).all())
    rect_ids = [by_rating[r["rating_id"]] for r in rect_rows]
    contact_rows = [dict(rectification_id=rect_id, **c) for rect_id, cs in zip(rect_ids, contact_specs) for c in cs]
    _insert(session, ContactLog.__table__, contact_rows)

    # --- the inboxes: new bad reviews, overdue steps, the director's list ----------------------------------------
    notes = _notifications(rect_ids, rect_rows, ref, days, heads, directors)
    _insert(session, Notification.__table__, notes)

    counts = {
        "cases": len(case_rows), "case_steps": len(step_rows), "case_events": len(event_rows),
        "ratings": len(rating_rows), "default_ratings": len(defaults),
        "bad_reviews": len(bad), "rectifications": len(rect_rows), "contact_logs": len(contact_rows),
        "notifications": len(notes),
    }
    ctx.counts.update(counts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "cases_and_ratings", "from": start.isoformat(), "to": ref.isoformat(),
                         "statuses": dict(sorted(Counter(r["status"] for r in rect_rows).items())), **counts})


# --- states of the loop --------------------------------------------------------------------------------------------

def _state_for_age(rng: random.Random, age: int) -> str:
    """A status that a record received `age` working days ago plausibly has by now."""
    if age == 0:
        options = ((Status.OPEN, 0.6), (Status.SOLVED_ON_SPOT, 0.4))
    elif age == 1:
        options = ((Status.OPEN, 0.3), (Status.CONTACTED, 0.5), (Status.SOLVED_ON_SPOT, 0.2))
    elif age <= 5:
        options = ((Status.OPEN, 0.12), (Status.CONTACTED, 0.28), (Status.RECTIFYING, 0.3), (Status.EXPLAINED, 0.1),
                   (Status.FED_BACK, 0.1), (Status.SOLVED_ON_SPOT, 0.1))
    elif age <= 15:
        options = ((Status.CONTACTED, 0.03), (Status.RECTIFYING, 0.1), (Status.LEDGER, 0.04), (Status.FED_BACK, 0.24),
                   (Status.EXPLAINED, 0.1), (Status.CALLED_BACK, 0.25), (Status.CLOSED, 0.24))
    else:
        options = ((Status.CLOSED, 0.855), (Status.CALLED_BACK, 0.04), (Status.EXPLAINED, 0.03), (Status.FED_BACK, 0.05),
                   (Status.LEDGER, 0.005), (Status.RECTIFYING, 0.02))
    return rng.choices([s for s, _ in options], [w for _, w in options])[0].value


def _planted_states(rng: random.Random, bad: list[tuple[int, dict]], ref: dt.date, days: _Days,
                    forced: set[int]) -> dict[int, str]:
    """States the demo must show whatever the dice say: appeals decided both ways and pending, ledger, staff_scjg."""
    planted: dict[int, str] = {}
    mine = sorted((r["rated_at"], rid) for rid, r in bad if r["step_id"] in forced)
    for (_, rid), state in zip(reversed(mine), (Status.OPEN, Status.CONTACTED)):
        planted[rid] = state.value  # the newest still waits for its call, the other one was called
    middle = [rid for rid, r in bad if 6 <= days.between(r["rated_on"], ref) <= 40 and rid not in planted]
    old = [rid for rid, r in bad if 20 <= days.between(r["rated_on"], ref) and rid not in planted]
    recent = [rid for rid, r in bad if 2 <= days.between(r["rated_on"], ref) <= 5 and rid not in planted]
    for rid, state in zip(rng.sample(old, k=min(3, len(old))), ("appeal_upheld", "appeal_rejected", "appeal_upheld")):
        planted[rid] = state
    middle = [m for m in middle if m not in planted]
    for rid, state in zip(rng.sample(middle, k=min(4, len(middle))),
                          ("appealed", "ledger", "ledger", "ledger")):
        planted[rid] = Status.APPEALED.value if state == "appealed" else Status.LEDGER.value
    for rid in rng.sample(recent, k=min(2, len(recent))):
        planted[rid] = Status.OPEN.value  # nobody called yet: overdue and escalated
    return planted


def _moment(rng: random.Random, day: dt.date, earliest: dt.datetime | None = None) -> dt.datetime:
    at = _at(day, rng.randint(9 * 60, 17 * 60))
    if earliest is not None and at <= earliest:
        at = earliest + dt.timedelta(minutes=rng.randint(20, 120))
    return at


def _rectification(rng: random.Random, rating_id: int, r: dict, state: str, ref: dt.date, days: _Days,
                   cal: WorkCalendar, settings: loop.LoopSettings, *, head, supervisor, director) -> tuple[dict, list]:
    """The record of one bad review walked through the transition table up to `state`, with its contact log."""
    received_on = r["rated_on"]
    due = loop.deadlines(received_on, settings, cal)
    rated_at = r["rated_at"]
    worker = head.id if head is not None else supervisor.id
    row = dict(
        center_id=r["center_id"], department_id=r["department_id"], window_id=r["window_id"], staff_id=r["staff_id"],
        item_id=r["item_id"], rating_id=rating_id, real_name=r["real_name"], status=Status.OPEN.value,
        status_before_appeal=None, received_on=received_on, contact_due=due.contact_due, rectify_due=due.rectify_due,
        ledger_due=None, ledger_set_by_id=None, current_due=None, escalation=Escalation.NONE.value, escalated_at=None,
        path="", problem="", measures="", explanation="", fed_back_at=None, callback_at=None, callback_method="",
        callback_level=None, callback_note="", callback_by_id=None, closed_at=None, rater_level=None, rater_comment="",
        appeal_reason="", appealed_by_id=None, appealed_at=None, appeal_decision="", appeal_decision_reason="",
        appeal_decided_by_id=None, appeal_decided_at=None, excluded=False, withheld=False, withheld_reason="",
        created_at=rated_at, updated_at=rated_at,
    )
    contacts: list[dict] = []
    last = rated_at

    def day_after(n: int, cap: dt.date | None = None) -> dt.date:
        day = days.add_one(received_on, n)
        return min(day, cap or ref, ref)

    def contact() -> None:
        nonlocal last
        late = rng.random() < 0.08
        day = day_after(rng.choice((0, 1)) + (rng.randint(1, 2) if late else 0))
        last = _moment(rng, day, last)
        method = "phone" if r["real_name"] else rng.choice(("online", "sms"))
        contacts.append(dict(at=last, method=method, by_id=worker, summary=rng.choice(CONTACT_SUMMARIES)))

    status = Status(state) if state in {s.value for s in Status} else None
    path = rng.choices(("on_spot", "rectified", "explained", "ledger"), (0.25, 0.5, 0.15, 0.1))[0]
    if state in ("appeal_upheld", "appeal_rejected"):
        contact()
        row.update(status_before_appeal=Status.CONTACTED.value, appeal_reason=rng.choice(APPEAL_REASONS),
                   appealed_by_id=worker, appealed_at=_moment(rng, day_after(2), last))
        decided = _moment(rng, day_after(5), row["appealed_at"])
        if state == "appeal_upheld":
            row.update(status=Status.EXCLUDED.value, appeal_decision="upheld", excluded=True, appeal_decided_at=decided,
                       appeal_decision_reason="经复核，申诉理由成立，该差评不计入统计。", appeal_decided_by_id=director.id)
            row["updated_at"] = decided
            return row, contacts
        row.update(status_before_appeal=None, appeal_decision="rejected", appeal_decided_at=decided,
                   appeal_decision_reason="经复核，窗口确有一次性告知不到位的情况，申诉不成立，继续整改。",
                   appeal_decided_by_id=director.id)
        last = decided
        status, path = Status.CLOSED, "rectified"
    elif status is Status.APPEALED:
        contact()
        row.update(status=Status.APPEALED.value, status_before_appeal=Status.CONTACTED.value,
                   appeal_reason=rng.choice(APPEAL_REASONS), appealed_by_id=worker,
                   appealed_at=_moment(rng, day_after(2), last))
        row["updated_at"] = row["appealed_at"]
        return row, contacts
    if status is Status.LEDGER:
        path = "ledger"
    elif status in (Status.CONTACTED, Status.RECTIFYING, Status.FED_BACK):
        path = "rectified"
    elif status is Status.EXPLAINED:
        path = "explained"
    elif status is Status.SOLVED_ON_SPOT:
        path = "on_spot"

    if status is not Status.OPEN:
        if path == "on_spot":
            last = _moment(rng, received_on, last)
            row.update(path="on_spot", measures=MEASURES[-1])
        else:
            contact()
            row["path"] = path if status is not Status.CONTACTED else ""
            if path in ("rectified", "ledger") and status is not Status.CONTACTED:
                row["problem"] = rng.choice(PROBLEMS)
            if path == "explained" and status is not Status.CONTACTED:
                row["explanation"] = rng.choice(EXPLANATIONS)
            if path == "ledger" and status is not Status.CONTACTED:
                row.update(ledger_due=days.add_one(received_on, rng.randint(15, 30)), ledger_set_by_id=director.id)
            if status in (Status.FED_BACK, Status.CALLED_BACK, Status.CLOSED) and path in ("rectified", "ledger"):
                # Mostly on time; one in ten a little late, which the record keeps.
                span = days.between(received_on, row["ledger_due"]) if path == "ledger" else settings.rectify_days
                fed = days.add_one(received_on, rng.randint(2, span) if rng.random() < 0.9 else span + rng.randint(1, 3))
                last = _moment(rng, min(max(fed, last.astimezone(TZ).date()), ref), last)
                row.update(measures=rng.choice(MEASURES[:-1]), fed_back_at=last)
    if status in (Status.CALLED_BACK, Status.CLOSED):
        callback = r["real_name"] or rng.random() < 0.6
        if callback:
            day = min(days.add_one(last.astimezone(TZ).date(), rng.randint(1, settings.callback_days)), ref)
            last = _moment(rng, day, last)
            row.update(callback_at=last, callback_method="phone" if r["real_name"] else "online",
                       callback_level=rng.choices((5, 4, 3, 2), (0.35, 0.45, 0.15, 0.05))[0],
                       callback_note=rng.choice(CALLBACK_NOTES), callback_by_id=supervisor.id)
            if rng.random() < 0.3:
                row.update(rater_level=rng.choice((4, 5, 5)), rater_comment="处理及时，态度诚恳。")
        if status is Status.CLOSED:
            last = _moment(rng, min(days.add_one(last.astimezone(TZ).date(), rng.randint(0, 1)), ref), last)
            row["closed_at"] = last
        elif not callback:
            status = Status.CLOSED  # anonymous and unreachable: closed without a callback (rules.next_status_for)
            row["closed_at"] = last
    row["status"] = status.value
    current = loop.current_due(status, due, row["ledger_due"])
    level = loop.escalation(current, ref, settings, cal)
    row.update(current_due=current, escalation=level.value, updated_at=last)
    if level is Escalation.DEPARTMENT_HEAD:
        row["escalated_at"] = _at(current + dt.timedelta(days=1), 8 * 60)
    elif level is Escalation.DIRECTOR:
        row["escalated_at"] = _at(days.add_one(current, settings.escalate_to_director_after_days)
                                  + dt.timedelta(days=1), 8 * 60)
    return row, contacts


def _notifications(rect_ids: list[int], rects: list[dict], ref: dt.date, days: _Days, heads: dict,
                   directors: list) -> list[dict]:
    """In-app notices as the loop's service sends them (same keys, so the timed job does not repeat them)."""
    notes = []
    taken = set()

    def add(key, **values):
        if key not in taken:
            taken.add(key)
            notes.append(dict(key=key, **values))

    for rect_id, rect in zip(rect_ids, rects):
        age = days.between(rect["received_on"], ref)
        head = heads.get(rect["department_id"])
        recipients = sorted({x for x in (rect["staff_id"], head.id if head else None) if x})
        link = f"/rectifications/{rect_id}"
        opened_at = rect["created_at"]
        if age <= 10:
            for rid in recipients:
                add(f"rect:{rect_id}:opened:{rid}", center_id=rect["center_id"], recipient_id=rid, kind="bad_review",
                    title="收到差评，请在期限内联系评价人",
                    body=(f"差评已生成整改单，须于 {rect['contact_due'].isoformat()} 前联系评价人，"
                          f"{rect['rectify_due'].isoformat()} 前完成整改反馈。"),
                    link=link, created_at=opened_at, read_at=opened_at + dt.timedelta(hours=2) if age > 2 else None)
        due = rect["current_due"]
        if rect["escalation"] != Escalation.NONE.value and due is not None:
            step = loop.STATUS_LABELS[Status(rect["status"])]
            for rid in recipients:
                add(f"rect:{rect_id}:overdue:{due}:{rid}", center_id=rect["center_id"], recipient_id=rid,
                    kind="overdue", title="差评整改已逾期",
                    body=f"整改单（{step}）已超过期限 {due.isoformat()}，请科室负责人督促办理。", link=link,
                    created_at=rect["escalated_at"] or opened_at, read_at=None)
            if rect["escalation"] == Escalation.DIRECTOR.value:
                for d in directors:
                    add(f"rect:{rect_id}:director:{due}:{d.id}", center_id=rect["center_id"], recipient_id=d.id,
                        kind="escalated", title="逾期差评整改已列入中心领导督办清单",
                        body=f"整改单（{step}）期限 {due.isoformat()}，逾期未办结。", link=link,
                        created_at=rect["escalated_at"] or opened_at, read_at=None)
    return notes
