"""Builds the demo district 锦城新区 from a seed: an ordered list of steps writing rows in bulk (SPEC K6).

Each step is `step(session, ctx)`; a later capability (cases, ratings, complaints, inspections) adds its own
step to STEPS below, or calls `register_step` at import time. Every step draws from its own RNG derived from the
seed and the step's name, so adding a step never changes what the earlier ones generate.

Every generated date is relative to the build's "today" (the clock's today unless given): the year of activity
ends the day before it. The same seed, today and scale build the same district.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.passwords import hash_password
from xiaoneng.auth.rules import ROLE_LABELS, Role
from xiaoneng.demo.cases_year import CASES_PER_DAY, add_cases_and_ratings
from xiaoneng.demo.letters_year import add_letters
from xiaoneng.demo.surveys_year import add_survey
from xiaoneng.demo.catalog import people, places
from xiaoneng.demo.complaints_year import add_complaints_year
from xiaoneng.demo.inspections_year import add_inspections_year
from xiaoneng.demo.insights_year import add_insights_year
from xiaoneng.demo.catalog.departments import (
    GOVERNMENT_DEPARTMENTS, PROXY, TRADING_DEPARTMENTS, DepartmentSpec, ItemTemplate,
)
from xiaoneng.demo.duty_records_year import DUTY_RECORD_STEPS
from xiaoneng.demo.dashboards_year import add_dashboard_rollup
from xiaoneng.demo.duty_year import DUTY_STEPS
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org.models import Center, Department, ServicePoint, ServicePointType, Staff, Window

CENTER_CODE = "DEMO"
CENTER_NAME = "锦城新区政务服务中心"
TRADING_CENTER_CODE = "DEMO-JY"
TRADING_CENTER_NAME = "锦城新区公共资源交易中心"
REGION_CODE = "510199"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    password: str
    department_code: str | None = None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


# One account per role with a fixed username; every other generated user shares its role's password.
DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMIN, "Admin@2026"),
    DemoAccount("director", Role.DIRECTOR, "Director@2026"),
    DemoAccount("supervisor", Role.SUPERVISOR, "Jiancha@2026", "XNJD"),
    DemoAccount("head_scjg", Role.DEPT_HEAD, "Kezhang@2026", "SCJG"),
    DemoAccount("staff_scjg", Role.WINDOW_STAFF, "Chuangkou@2026", "SCJG"),
)
ROLE_PASSWORDS = {a.role: a.password for a in DEMO_ACCOUNTS}
FIXED_USERNAMES = {(a.role, a.department_code): a.username for a in DEMO_ACCOUNTS}


@dataclass
class DemoContext:
    """What the steps share: the seed, the build's today and scale, and every object created so far."""

    seed: int
    today: dt.date
    actor: Actor
    scale: int = 1  # times the volume of cases, ratings and bad reviews (same organisation)
    cases_per_day: float = CASES_PER_DAY  # the volume at scale 1
    rng: random.Random = field(default_factory=random.Random)
    centers: dict[str, Center] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    department_specs: dict[str, DepartmentSpec] = field(default_factory=dict)
    points: dict[str, ServicePoint] = field(default_factory=dict)
    windows: list[Window] = field(default_factory=list)
    windows_by_department: dict[str, list[Window]] = field(default_factory=dict)
    items: list[ServiceItem] = field(default_factory=list)
    staff: list[Staff] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    _hashes: dict[Role, str] = field(default_factory=dict)

    @property
    def reference_date(self) -> dt.date:
        """The last day of the year of activity: the day before the build's today."""
        return self.today - dt.timedelta(days=1)

    def password_hash(self, role: Role) -> str:
        # Argon2 is slow on purpose: hash each distinct demo password once per build.
        if role not in self._hashes:
            self._hashes[role] = hash_password(ROLE_PASSWORDS[role])
        return self._hashes[role]


Step = Callable[[Session, DemoContext], None]


def _address(rng: random.Random) -> str:
    return f"{places.DISTRICT}{rng.choice(places.ROADS)}{rng.randint(1, 999)}号"


def add_centers(session: Session, ctx: DemoContext) -> None:
    ctx.centers["gov"] = Center(code=CENTER_CODE, name=CENTER_NAME, region_code=REGION_CODE)
    ctx.centers["trading"] = Center(code=TRADING_CENTER_CODE, name=TRADING_CENTER_NAME, region_code=REGION_CODE)
    session.add_all(ctx.centers.values())
    session.flush()
    ctx.counts["centers"] = len(ctx.centers)


def add_service_points(session: Session, ctx: DemoContext) -> None:
    """The 128 points of S3 (3 halls, 15 street centers, 66 community rooms, 44 self-service) and the trading areas."""
    rng, gov, trading = ctx.rng, ctx.centers["gov"], ctx.centers["trading"]

    def add(center: Center, code: str, name: str, point_type: str, address: str, parent: ServicePoint | None = None):
        point = ServicePoint(center_id=center.id, code=code, name=name, point_type=point_type, address=address,
                             parent_id=parent.id if parent else None)
        ctx.points[code] = point
        session.add(point)
        return point

    for code, name, address in places.HALLS:
        add(gov, code, name, ServicePointType.DISTRICT_HALL, address)
    streets = {}
    for n, street in enumerate(places.STREETS, start=1):
        streets[street] = add(gov, f"JD{n:02d}", f"{street}综合便民服务中心", ServicePointType.STREET_CENTER,
                              f"{places.DISTRICT}{street}{rng.choice(places.ROADS)}{rng.randint(1, 600)}号")
    session.flush()  # street centers need ids before their communities point at them
    n = 0
    for street, communities in places.STREETS.items():
        for community in communities:
            n += 1
            add(gov, f"SQ{n:03d}", f"{community}便民服务室", ServicePointType.COMMUNITY_ROOM,
                f"{places.DISTRICT}{street}{community}{rng.choice(places.ROADS)}{rng.randint(1, 300)}号",
                streets[street])
    street_list = list(streets.values())
    for n, host in enumerate(places.SELF_SERVICE_HOSTS, start=1):
        add(gov, f"ZZ{n:03d}", f"{host}智能自助政务服务点", ServicePointType.SELF_SERVICE, _address(rng),
            rng.choice(street_list))
    for code, name, point_type, floor in places.TRADING_AREAS:
        add(trading, code, name, point_type, f"{places.TRADING_CENTER_ADDRESS}{floor}")
    session.flush()
    ctx.counts["service_points"] = len(ctx.points)


def add_departments_and_windows(session: Session, ctx: DemoContext) -> None:
    """About 20 departments of the government center and three of the trading center, windows at their halls."""
    specs = [(ctx.centers["gov"], s) for s in GOVERNMENT_DEPARTMENTS]
    specs += [(ctx.centers["trading"], s) for s in TRADING_DEPARTMENTS]
    for center, spec in specs:
        ctx.departments[spec.code] = Department(center_id=center.id, code=spec.code, name=spec.name, kind=spec.kind)
        ctx.department_specs[spec.code] = spec
    session.add_all(ctx.departments.values())
    session.flush()
    numbers: dict[str, int] = {}
    for center, spec in specs:
        hall = ctx.points[spec.hall]
        letter = spec.hall.rsplit("-", 1)[-1] if center is ctx.centers["gov"] else "J"
        windows = ctx.windows_by_department.setdefault(spec.code, [])
        for _ in range(spec.windows):
            numbers[hall.code] = numbers.get(hall.code, 0) + 1
            code = f"{letter}{numbers[hall.code]:02d}"
            window = Window(center_id=center.id, department_id=ctx.departments[spec.code].id, service_point_id=hall.id,
                            code=code, name=f"{code}窗口（{spec.name}）")
            windows.append(window)
            ctx.windows.append(window)
    session.add_all(ctx.windows)
    session.flush()
    ctx.counts["departments"] = len(ctx.departments)
    ctx.counts["windows"] = len(ctx.windows)


def _sample_text(material: str, reference_date: dt.date) -> str:
    if material.startswith("《") or "申请" in material or "登记表" in material:
        return (f"示范文本：按表逐项填写，不得空项；申请人签字（单位加盖公章），"
                f"填写日期如“{reference_date.year}年{reference_date.month}月{reference_date.day}日”。")
    if "身份证" in material or "身份证明" in material or "户口簿" in material:
        return "提交原件现场核验，留存复印件1份（正反面复印在同一页A4纸上）。"
    if "照片" in material:
        return "近6个月内白底免冠正面彩色照片，尺寸以受理窗口告知为准。"
    if "合同" in material or "协议" in material:
        return "提交签字盖章的原件，多页的须加盖骑缝章。"
    if "证明" in material or "证书" in material or "执照" in material or "证" in material[-1:]:
        return "提交原件核验，复印件1份加注“与原件一致”并签名。"
    return "提交原件1份，内容须真实、完整，涉及多页的须逐页签字或加盖骑缝章。"


def _copies(material: str) -> str:
    if material.startswith("《") or "申请" in material or "表" in material[-2:]:
        return "原件1份"
    if "身份证" in material or "执照" in material or "证书" in material:
        return "原件核验，复印件1份"
    return "原件1份"


def _procedure(template: ItemTemplate, hall: ServicePoint, promised: int) -> str:
    if promised == 0:
        return (f"1. 申请：通过天府通办或到{hall.name}窗口提交材料；2. 受理：窗口当场核验材料；"
                "3. 办结：材料齐全、符合法定形式的当场办结，出具结果；材料不全的一次性告知需补正的全部内容。")
    return (f"1. 申请：通过天府通办或到{hall.name}窗口提交材料；2. 受理：材料齐全的出具受理通知书，"
            "不齐全的一次性告知需补正的全部内容；3. 审查：承办科室审查，需要现场核查的组织核查；"
            f"4. 决定：{promised}个工作日内作出决定；5. 送达：窗口领取或免费邮寄送达。")


def _limits(rng: random.Random, statutory: int) -> int:
    """A promised limit no longer than the statutory one, often much shorter (承诺时限压缩)."""
    if statutory == 0:
        return 0
    if statutory <= 5 and rng.random() < 0.3:
        return 0  # 承诺即办
    return max(1, round(statutory * rng.choice((0.2, 0.3, 0.4, 0.5, 0.6))))


def _review_date(rng: random.Random, reference_date: dt.date) -> dt.date:
    # About one guide in seven has not been reviewed for more than a year, so the stale-guide alert shows.
    days = rng.randint(400, 900) if rng.random() < 0.15 else rng.randint(5, 330)
    return reference_date - dt.timedelta(days=days)


def add_items(session: Session, ctx: DemoContext) -> None:
    """300+ service items: one per 办理项 of each template, with limits, online flag, review date and materials."""
    rng = ctx.rng
    materials_of: list[tuple[ServiceItem, list[str], bool]] = []
    for code, spec in ctx.department_specs.items():
        dept = ctx.departments[code]
        hall = ctx.points[spec.hall]
        seq = 0
        for template in spec.items:
            for variant in template.variants or (None,):
                seq += 1
                promised = _limits(rng, template.statutory_days)
                item = ServiceItem(
                    center_id=dept.center_id, department_id=dept.id, code=f"{REGION_CODE}-{code}-{seq:03d}",
                    name=f"{template.name}（{variant}）" if variant else template.name,
                    legal_basis=template.basis, statutory_limit_days=template.statutory_days,
                    promised_limit_days=promised, procedure=_procedure(template, hall, promised), fees=template.fees,
                    online=rng.random() < 0.75, guide_reviewed_on=_review_date(rng, ctx.reference_date),
                    version=rng.choice((1, 1, 1, 2, 3)),
                )
                names = list(template.materials)
                if len(names) < 2:
                    names.insert(0, f"《{template.name}申请表》")
                with_proxy = len(names) < 6 and rng.random() < 0.4
                materials_of.append((item, names, with_proxy))
                ctx.items.append(item)
    session.add_all(ctx.items)
    session.flush()
    rows = []
    for item, names, with_proxy in materials_of:
        for seq, name in enumerate(names, start=1):
            rows.append(ItemMaterial(item_id=item.id, seq=seq, name=name, copies=_copies(name),
                                     sample_text=_sample_text(name, ctx.reference_date)))
        if with_proxy:
            rows.append(ItemMaterial(item_id=item.id, seq=len(names) + 1, name=PROXY, copies="原件1份", required=False,
                                     sample_text="委托书写明委托事项、权限和期限，委托人签字或盖章。"))
    session.add_all(rows)
    session.flush()
    ctx.counts["items"] = len(ctx.items)
    ctx.counts["materials"] = len(rows)


class _Names:
    """Distinct generated full names: a surname (common ones more often) and one or two given characters."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def __call__(self) -> str:
        while True:
            surname = self.rng.choice(people.COMMON_SURNAMES if self.rng.random() < 0.4 else people.SURNAMES)
            given = "".join(self.rng.choice(people.GIVEN_CHARS) for _ in range(1 if self.rng.random() < 0.25 else 2))
            name = surname + given
            if name not in self.used:
                self.used.add(name)
                return name


def add_staff(session: Session, ctx: DemoContext) -> None:
    """200+ staff: window staff at every window, one head per department, supervisors, directors, admins."""
    rng = ctx.rng
    next_name = _Names(rng)
    numbers = {"gov": 0, "trading": 0}

    def add(center_key: str, role: Role, title: str, rank: int, dept: Department | None = None,
            window: Window | None = None, username: str | None = None) -> Staff:
        numbers[center_key] += 1
        staff_no = f"{'JC' if center_key == 'gov' else 'JY'}{numbers[center_key]:04d}"
        staff = Staff(
            center_id=ctx.centers[center_key].id, department_id=dept.id if dept else None,
            window_id=window.id if window else None, staff_no=staff_no, full_name=next_name(), title=title,
            rank=rank, phone=f"{rng.choice(people.PHONE_PREFIXES)}0000{rng.randint(0, 9999):04d}", role=role,
            username=username or staff_no.lower(), password_hash=ctx.password_hash(role),
        )
        ctx.staff.append(staff)
        return staff

    gov_codes = {s.code for s in GOVERNMENT_DEPARTMENTS}
    add("gov", Role.ADMIN, people.ADMIN_TITLE, 2, username=FIXED_USERNAMES[(Role.ADMIN, None)])
    add("gov", Role.DIRECTOR, people.DIRECTOR_TITLES[0], 5, username=FIXED_USERNAMES[(Role.DIRECTOR, None)])
    add("gov", Role.DIRECTOR, people.DIRECTOR_TITLES[1], 4)
    xnjd = ctx.departments["XNJD"]
    add("gov", Role.SUPERVISOR, people.SUPERVISOR_TITLES[0], 3, xnjd,
        username=FIXED_USERNAMES[(Role.SUPERVISOR, "XNJD")])
    for _ in range(3):
        add("gov", Role.SUPERVISOR, rng.choice(people.SUPERVISOR_TITLES), 3, xnjd)
    add("trading", Role.ADMIN, people.ADMIN_TITLE, 2, username="jy_admin")
    add("trading", Role.DIRECTOR, people.DIRECTOR_TITLES[2], 5, username="jy_director")
    for code, dept in ctx.departments.items():
        center_key = "gov" if code in gov_codes else "trading"
        add(center_key, Role.DEPT_HEAD, people.HEAD_TITLE, 3, dept,
            username=FIXED_USERNAMES.get((Role.DEPT_HEAD, code)))
        fixed = FIXED_USERNAMES.get((Role.WINDOW_STAFF, code))
        for window in ctx.windows_by_department[code]:
            for _ in range(rng.randint(2, 3)):
                add(center_key, Role.WINDOW_STAFF, rng.choice(people.WINDOW_TITLES), rng.choice((1, 1, 2)), dept,
                    window, username=fixed)
                fixed = None
    usernames = [s.username for s in ctx.staff]
    taken = list(session.scalars(select(Staff.username).where(Staff.username.in_(usernames))))
    if taken:
        raise Conflict(f"用户名已被占用，无法构建演示数据：{'、'.join(sorted(taken)[:5])}", field="username")
    session.add_all(ctx.staff)
    session.flush()
    ctx.counts["staff"] = len(ctx.staff)


# The district itself; later steps add a year of activity. Tests that look at the district build only these.
ORGANISATION_STEPS: list[Step] = [add_centers, add_service_points, add_departments_and_windows, add_items, add_staff]
STEPS: list[Step] = [*ORGANISATION_STEPS, add_cases_and_ratings, *DUTY_STEPS, *DUTY_RECORD_STEPS]
# The center's questionnaire with its answers.
STEPS += [add_survey]
STEPS.append(add_complaints_year)
STEPS.append(add_inspections_year)
# The supervisors' letters of the year, drafted from the inspections' findings.
STEPS.append(add_letters)
STEPS.append(add_insights_year)  # after every source of texts and warnings
STEPS.append(add_dashboard_rollup)  # last: the home pages' counts of the year just written


def register_step(step: Step) -> Step:
    """Append a step (e.g. demo cases or ratings) to every later build; usable as a decorator."""
    if step not in STEPS:
        STEPS.append(step)
    return step


def find_demo_center(session: Session) -> Center | None:
    return session.scalar(select(Center).where(Center.code == CENTER_CODE))


def build(session: Session, *, seed: int, today: dt.date | None = None, scale: int = 1,
          cases_per_day: float = CASES_PER_DAY, steps: list[Step] | None = None) -> DemoContext:
    """Write the whole demo district into the session (flush only) and audit it as one "demo.build" record.

    `today` defaults to the clock's; `cases_per_day` (the volume at scale 1) is lowered by tests only."""
    if find_demo_center(session) is not None:
        raise Conflict(f"演示中心 {CENTER_CODE} 已存在", field="center")
    if scale < 1:
        raise ValidationFailed("规模须为不小于 1 的整数", field="scale")
    today = today or clock.today()
    ctx = DemoContext(seed=seed, today=today, actor=system_actor(name="demo"), scale=scale,
                      cases_per_day=cases_per_day)
    for step in steps if steps is not None else STEPS:
        # Independent streams: a step's output depends on the seed and its own name only.
        ctx.rng = random.Random(f"{seed}:{step.__name__}")
        step(session, ctx)
    gov = ctx.centers["gov"]
    audit.record(session, actor=ctx.actor, action="demo.build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"seed": seed, "today": today.isoformat(), "scale": scale, **ctx.counts})
    return ctx


@dataclass(frozen=True)
class AccountRow:
    account: DemoAccount
    full_name: str
    center: str
    department: str


def account_rows(session: Session) -> list[AccountRow]:
    """The demo accounts as built, with the name and department each one signs in as."""
    rows = []
    for account in DEMO_ACCOUNTS:
        found = session.execute(
            select(Staff.full_name, Center.name, Department.name)
            .join(Center, Center.id == Staff.center_id)
            .outerjoin(Department, Department.id == Staff.department_id)
            .where(Staff.username == account.username)
        ).first()
        if found is not None:
            rows.append(AccountRow(account, found[0], found[1], found[2] or ""))
    return rows
