"""A center with the units a complaint can concern (with their service items), a supervisor, unit heads, a
director, window staff who may be named, and helpers to register and push a complaint through its steps."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.complaints import service
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Center

AT = dt.datetime(2026, 11, 18, 10, 0, tzinfo=TZ)  # a Wednesday morning


@pytest.fixture
def hall(db):
    land = make_department(db, name="区不动产登记中心", code="BDC")
    center = db.get(Center, land.center_id)
    market = make_department(db, center=center, name="区市场监督管理局", code="SCJG")
    make_item(db, department=land, name="二手房转移登记")
    make_item(db, department=market, name="食品经营许可证核发")
    window = make_window(db, department=land, name="B05 不动产受理窗口", code="B05")
    people = {
        "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="赵敏"),
        "head": make_staff(db, role=Role.DEPT_HEAD, department=land, full_name="钱科长"),
        "market_head": make_staff(db, role=Role.DEPT_HEAD, department=market, full_name="孙局长"),
        "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="周主任"),
        "clerk": make_staff(db, department=land, full_name="张伟", window_id=window.id),
        "admin": make_staff(db, role=Role.ADMIN, center=center, full_name="王管理"),
    }
    return {"center": center, "land": land, "market": market, "window": window, **people,
            "as": {k: actor_for(v) for k, v in people.items()}}


def register(db, hall, **kw):
    values = {"channel": "phone", "kind": "complaint", "content": "在不动产登记中心办理二手房过户，窗口人员张伟态度生硬，"
              "让我来回跑了三趟。", "complainant_name": "陈先生", "complainant_phone": "13800138000",
              "received_at": AT, **kw}
    return service.register(db, actor=hall["as"]["supervisor"], **values)
