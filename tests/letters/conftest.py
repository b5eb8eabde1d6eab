"""A center with the land registry (its head), another department's head, a supervisor, a director, an admin."""

import pytest

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.letters import service

BODY = ["2026年11月巡查中发现，你科窗口存在工作人员离岗未放置暂停服务标识、群众等候时间过长等问题，现将有关情况提示如下。",
        "一、存在的问题。11月12日上午，3号窗口工作人员离岗约25分钟，未放置“暂停服务”提示牌。",
        "（一）窗口纪律。严格执行首问负责、一次性告知和限时办结制度。",
        "二、整改要求。请你科于2026年11月27日前将整改情况书面报送中心综合服务科。"]


@pytest.fixture
def office(db):
    center = make_center(db, name="锦城新区政务服务中心")
    land = make_department(db, center=center, name="不动产登记科")
    social = make_department(db, center=center, name="社保科")
    people = {
        "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="周监察"),
        "head": make_staff(db, role=Role.DEPT_HEAD, department=land, full_name="赵科长"),
        "clerk": make_staff(db, department=land, full_name="张敏"),
        "other_head": make_staff(db, role=Role.DEPT_HEAD, department=social, full_name="钱科长"),
        "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="孙主任"),
        "admin": make_staff(db, role=Role.ADMIN, center=center, full_name="吴管理"),
    }
    return {"center": center, "land": land, "social": social, **people}


def draft(db, office, **kw):
    values = {"kind": "notice", "to_department_id": office["land"].id, "title": "关于不动产登记科窗口服务不规范问题的提示函",
              "paragraphs": BODY, "attachments": ["窗口巡查问题清单"], "copy_to": ["中心主任", "中心纪检组"], **kw}
    return service.draft(db, actor=actor_for(office["supervisor"]), **values)
