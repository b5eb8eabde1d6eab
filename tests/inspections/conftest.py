"""A small district to inspect: a hall, a street center with three community rooms and a self-service point, two
inspectors on the team, the S3 catalogue seeded, budgets sized to these points, each point's unit set."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fixtures.objects import make_center, make_department, make_point, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.config import Settings
from xiaoneng.inspections import catalogue, setup
from xiaoneng.kit.scope import Actor
from xiaoneng.org.models import Center, Department, ServicePoint, ServicePointType, Staff
from xiaoneng.web.app import create_app
from tests.fixtures.web import PUBLIC_BASE

T = ServicePointType


@dataclass
class World:
    center: Center
    hall_unit: Department
    street_unit: Department
    supervisor: Staff
    inspector: Staff
    head: Staff
    hall: ServicePoint
    street: ServicePoint
    rooms: list[ServicePoint]
    kiosk: ServicePoint

    @property
    def actor(self) -> Actor:
        return actor_for(self.supervisor)

    @property
    def points(self) -> list[ServicePoint]:
        return [self.hall, self.street, *self.rooms, self.kiosk]


BUDGETS = {T.DISTRICT_HALL: ("6", "1"), T.STREET_CENTER: ("2", "1"), T.COMMUNITY_ROOM: ("1.5", "0.5"),
           T.SELF_SERVICE: ("0.5", "0.5")}


@pytest.fixture
def world(db) -> World:
    return build_world(db)


def build_world(db) -> World:
    center = make_center(db, name="锦城新区政务服务中心")
    hall_unit = make_department(db, center=center, code="ZHFW", name="综合服务科")
    street_unit = make_department(db, center=center, code="JD01", name="芳华街道便民服务中心")
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=center, full_name="赵敏")
    inspector = make_staff(db, role=Role.SUPERVISOR, center=center, full_name="钱进")
    head = make_staff(db, role=Role.DEPT_HEAD, department=street_unit, full_name="孙科长")
    hall = make_point(db, center=center, code="HALL-A", name="政务服务中心综合大厅", point_type=T.DISTRICT_HALL)
    street = make_point(db, center=center, code="JD01", name="芳华街道综合便民服务中心", point_type=T.STREET_CENTER)
    rooms = [make_point(db, center=center, code=f"SQ00{n}", name=f"{name}便民服务室", point_type=T.COMMUNITY_ROOM,
                        parent_id=street.id) for n, name in enumerate(["桂林社区", "芳草社区", "玉兰社区"], start=1)]
    kiosk = make_point(db, center=center, code="ZZ001", name="锦城支行智能自助政务服务点", point_type=T.SELF_SERVICE,
                       parent_id=street.id)
    world = World(center, hall_unit, street_unit, supervisor, inspector, head, hall, street, rooms, kiosk)
    actor = world.actor
    catalogue.seed(db, actor=actor)
    for point_type, (days, visit) in BUDGETS.items():
        setup.update_budget(db, actor=actor, point_type=point_type, person_days_a_month=days, visit_days=visit)
    for person in (supervisor, inspector):
        setup.set_inspector(db, actor=actor, staff_id=person.id, active=True)
    setup.set_point_unit(db, actor=actor, point_id=hall.id, department_id=hall_unit.id)
    for point in (street, *rooms, kiosk):
        setup.set_point_unit(db, actor=actor, point_id=point.id, department_id=street_unit.id)
    return world


@pytest.fixture
def app(sessions, tmp_path):
    """The application with its var dir (where photos go) in the test's temporary directory."""
    return create_app(Settings(env="test", secret_key="t" * 40, public_base_url=PUBLIC_BASE, var_dir=tmp_path),
                      sessions=sessions)
