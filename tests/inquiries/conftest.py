"""One front-desk department with two clerks of different rank, and the land registry with A, B and its head."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.inquiries import service
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Center

AT = dt.datetime(2026, 11, 18, 10, 0, tzinfo=TZ)  # a Wednesday morning


@pytest.fixture
def hall(db):
    front = make_department(db, name="综合窗口")
    center = db.get(Center, front.center_id)
    land = make_department(db, center=center, name="不动产登记科")
    people = {
        "clerk": make_staff(db, department=front, full_name="刘洋", rank=1),
        "senior": make_staff(db, department=front, full_name="黄科员", rank=3),
        "a": make_staff(db, department=land, full_name="张敏"),
        "b": make_staff(db, department=land, full_name="李强"),
        "head": make_staff(db, department=land, role=Role.DEPT_HEAD, full_name="赵科长"),
        "other": make_staff(db, department=front, full_name="马丽"),
    }
    return {"front": front, "land": land, **people}


def refer(db, hall, **kw):
    values = {"channel": "visit", "content": "二手房过户需要哪些材料？", "outcome": "referred", "asker_name": "陈先生",
              "asker_phone": "13800138000", "to_department_id": hall["land"].id, "to_staff_id": hall["a"].id,
              "now": AT, **kw}
    return service.log_inquiry(db, actor=actor_for(hall["clerk"]), **values)
