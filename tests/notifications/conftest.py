"""A center with a department head, two supervisors, a director and window staff, to notify."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.org.models import Center, Department, Staff


@dataclass
class People:
    center: Center
    dept: Department
    other_dept: Department
    head: Staff
    other_head: Staff
    supervisors: list[Staff]
    retired_supervisor: Staff
    director: Staff
    clerk: Staff
    admin: Staff


@pytest.fixture
def people(db) -> People:
    center = make_center(db)
    dept = make_department(db, center=center, name="不动产登记科")
    other = make_department(db, center=center, name="市场监管科")
    return People(
        center=center, dept=dept, other_dept=other,
        head=make_staff(db, role=Role.DEPT_HEAD, department=dept, full_name="王科长"),
        other_head=make_staff(db, role=Role.DEPT_HEAD, department=other, full_name="李科长"),
        supervisors=[make_staff(db, role=Role.SUPERVISOR, center=center, full_name=f"监察员{i}") for i in range(2)],
        retired_supervisor=make_staff(db, role=Role.SUPERVISOR, center=center, full_name="已调离监察员", active=False),
        director=make_staff(db, role=Role.DIRECTOR, center=center, full_name="张主任"),
        clerk=make_staff(db, role=Role.WINDOW_STAFF, department=dept, full_name="窗口甲"),
        admin=make_staff(db, role=Role.ADMIN, center=center, full_name="管理员"),
    )
