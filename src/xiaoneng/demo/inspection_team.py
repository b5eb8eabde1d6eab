"""Who the demo district's inspections involve: a unit (department, with its head) per street answering for the
street's points, the halls' service section for the halls, an inspection team of the supervisor and six inspectors
of the contracted service, some of their approved leave, the S3 catalogue and budgets."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog import people, places
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.inspections import catalogue, setup
from xiaoneng.inspections.models import PointUnit
from xiaoneng.kit.scope import Actor
from xiaoneng.org.models import Department, ServicePointType, Staff

INSPECTORS = 6
HALL_UNIT = "ZHFW"  # 综合服务科 runs the halls
INSPECTOR_TITLE = "巡查员（第三方服务）"
LEAVES_EACH = 3


def _names(rng: random.Random, taken: set[str]):
    while True:
        name = rng.choice(people.SURNAMES) + "".join(rng.choice(people.GIVEN_CHARS) for _ in range(rng.choice((1, 2))))
        if name not in taken:
            taken.add(name)
            yield name


def _staff_numbers(ctx):
    used = max(int(s.staff_no[2:]) for s in ctx.staff if s.staff_no.startswith("JC"))
    while True:
        used += 1
        yield f"JC{used:04d}"


def add_people(session: Session, ctx, rng: random.Random) -> tuple[list[Staff], dict[str, Department]]:
    """The street units with their heads, and the inspection team (the supervisor account first)."""
    gov = ctx.centers["gov"]
    names = _names(rng, {s.full_name for s in ctx.staff})
    numbers = _staff_numbers(ctx)
    units = {}
    for n, street in enumerate(places.STREETS, start=1):
        units[street] = Department(center_id=gov.id, code=f"JD{n:02d}", name=f"{street}便民服务中心", kind="部门")
    session.add_all(units.values())
    session.flush()

    def person(role: Role, title: str, department: Department) -> Staff:
        number = next(numbers)
        return Staff(center_id=gov.id, department_id=department.id, staff_no=number, full_name=next(names),
                     title=title, rank=3, role=role, username=number.lower(), password_hash=ctx.password_hash(role),
                     phone=f"{rng.choice(people.PHONE_PREFIXES)}0000{rng.randint(0, 9999):04d}")

    heads = [person(Role.DEPT_HEAD, people.HEAD_TITLE, unit) for unit in units.values()]
    inspectors = [person(Role.SUPERVISOR, INSPECTOR_TITLE, ctx.departments["XNJD"]) for _ in range(INSPECTORS)]
    session.add_all(heads + inspectors)
    session.flush()
    ctx.staff.extend(heads + inspectors)
    ctx.counts["staff"] = len(ctx.staff)
    ctx.counts["departments"] = ctx.counts.get("departments", 0) + len(units)
    supervisor = next(s for s in ctx.staff if s.username == "supervisor")
    return [supervisor, *inspectors], units


def set_up(session: Session, ctx, actor: Actor, team: list[Staff], units: dict[str, Department]) -> None:
    """The catalogue seeded from S3, the team on the roster, every point's unit."""
    catalogue.seed(session, actor=actor)
    for member in team:
        setup.set_inspector(session, actor=actor, staff_id=member.id, active=True)
    hall_unit = ctx.departments[HALL_UNIT]
    # The street centers were built in the order of places.STREETS, coded JD01, JD02, ...
    street_of = {ctx.points[f"JD{n:02d}"].id: units[street] for n, street in enumerate(places.STREETS, start=1)}
    rows = []
    for point in ctx.points.values():
        if point.center_id != actor.center_id:
            continue
        if point.point_type == ServicePointType.DISTRICT_HALL:
            unit = hall_unit
        elif point.point_type == ServicePointType.STREET_CENTER:
            unit = street_of[point.id]
        elif point.parent_id in street_of:
            unit = street_of[point.parent_id]
        else:
            continue
        rows.append({"point_id": point.id, "center_id": point.center_id, "department_id": unit.id})
    bulk.insert(session, PointUnit.__table__, rows)


def add_leave(session: Session, ctx, rng: random.Random, team: list[Staff], days: list[dt.date],
              director: Staff) -> int:
    """A few approved leaves of each inspector over the year (a half day to four working days)."""
    leaves = []
    for member in team:
        for _ in range(LEAVES_EACH):
            start = rng.randrange(0, len(days) - 5)
            length = rng.choice((0, 1, 1, 2, 4))  # 0: half a day
            first, last = days[start], days[start + max(0, length - 1)]
            start_half, end_half = (half := rng.choice((0, 1)), half) if length == 0 else (0, 1)
            leaves.append(Absence(
                center_id=member.center_id, department_id=member.department_id, staff_id=member.id,
                kind=rng.choice(("vacation", "personal", "sick", "trip")), start_date=first, start_half=start_half,
                end_date=last, end_half=end_half, working_days=0.5 if length == 0 else length,
                reason="外出办事" if length == 0 else "年休假", status=AbsenceStatus.APPROVED, decided_by_id=director.id))
    session.add_all(leaves)
    session.flush()
    return len(leaves)
