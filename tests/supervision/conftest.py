"""A center with the land registry and the social security department, their people, and cases that ran over in
November 2026 (today is Wednesday 18 November): each test reads the cards these make."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_center, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor

D = dt.date


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=TZ)


def complete(db, case, *moments):
    for moment in moments:
        cases.complete_step(db, actor=system_actor(case.center_id), case_id=case.id, at=moment)
    return case


@pytest.fixture
def hall(db):
    center = make_center(db, name="锦城新区政务服务中心")
    land = make_department(db, center=center, name="不动产登记科")
    social = make_department(db, center=center, name="社保科")
    window = make_window(db, department=land)
    people = {
        "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="赵敏"),
        "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="孙主任"),
        "admin": make_staff(db, role=Role.ADMIN, center=center, full_name="王管理"),
        "head": make_staff(db, role=Role.DEPT_HEAD, department=land, full_name="李科长"),
        "social_head": make_staff(db, role=Role.DEPT_HEAD, department=social, full_name="周科长"),
        "clerk": make_staff(db, department=land, window_id=window.id, full_name="张伟"),
        "other_clerk": make_staff(db, department=land, full_name="刘洋"),
        "social_clerk": make_staff(db, department=social, full_name="陈静"),
    }
    items = {
        "land3": make_item(db, department=land, name="不动产抵押登记", promised_limit_days=3),
        "land6": make_item(db, department=land, name="不动产转移登记", promised_limit_days=6),
        "land2": make_item(db, department=land, name="不动产查封登记", promised_limit_days=2),
        "social3": make_item(db, department=social, name="社保关系转移", promised_limit_days=3),
    }
    return {"center": center, "land": land, "social": social, "window": window, **people, **items}


@pytest.fixture
def late(db, hall):
    """The cases behind the cards:
    - window: received Mon 11/2, 3 days → due Thu 11/5, completed Mon 11/9: its step (yellow) and itself (red);
    - online: 6 days over 受理/审查/决定 (2 each) from Mon 11/2: 受理 due 11/4 done 11/3, 审查 due 11/5 done 11/10
      (yellow), 决定 due 11/12 done 11/12; the case due 11/10 done 11/12 (red);
    - open: received Mon 11/9, 2 days → due Wed 11/11, still open today: yellow and red, still running;
    - suspended: received 11/2, 3 days (due 11/5), a one-time notice on 11/3, materials back Mon 11/16 → due Thu
      11/19, completed 11/18: the applicant's days are not charged, no card;
    - on time: received 11/16, 3 days, done 11/17;
    - social: the social department's window case, received 11/2 (3 days), done 11/9: yellow and red."""
    clerk, land = hall["clerk"], hall["land"]
    window = complete(db, make_case(db, item=hall["land3"], window=hall["window"], handler=clerk,
                                    received_at=at(11, 2), applicant_name="陈先生"), at(11, 9))
    online = make_case(db, item=hall["land6"], origin="online", handler=clerk, received_at=at(11, 2),
                       applicant_name="锦城新区某某建材有限公司", applicant_type="organisation")
    complete(db, online, at(11, 3), at(11, 10), at(11, 12))
    still_open = make_case(db, item=hall["land2"], window=hall["window"], handler=hall["other_clerk"],
                           received_at=at(11, 9), applicant_name="王女士")
    suspended = make_case(db, item=hall["land3"], window=hall["window"], handler=clerk, received_at=at(11, 2))
    actor = system_actor(land.center_id)
    cases.issue_notice(db, actor=actor, case_id=suspended.id, materials=["身份证明"], at=at(11, 3))
    cases.receive_supplement(db, actor=actor, case_id=suspended.id, at=at(11, 16))
    complete(db, suspended, at(11, 18, 9))
    on_time = complete(db, make_case(db, item=hall["land3"], window=hall["window"], handler=clerk,
                                     received_at=at(11, 16)), at(11, 17))
    social = complete(db, make_case(db, item=hall["social3"], handler=hall["social_clerk"], received_at=at(11, 2)),
                      at(11, 9))
    return {"window": window, "online": online, "open": still_open, "suspended": suspended, "on_time": on_time,
            "social": social}


def as_(hall, who):
    return actor_for(hall[who])
