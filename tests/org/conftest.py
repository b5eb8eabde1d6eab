"""Shared pieces of the organisation tests: a center with two departments, and actors of each role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fixtures.objects import make_center, make_department, make_point, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window


@dataclass
class Org:
    center: Center
    dept_a: Department
    dept_b: Department
    window_a: Window
    window_b: Window
    point: ServicePoint
    admin: Staff
    head_a: Staff
    clerk_a: Staff
    clerk_b: Staff


@pytest.fixture
def org(db) -> Org:
    center = make_center(db)
    dept_a = make_department(db, center=center, name="不动产登记科")
    dept_b = make_department(db, center=center, name="市场监管科")
    window_a = make_window(db, department=dept_a, name="不动产1号窗口")
    window_b = make_window(db, department=dept_b, name="市场监管1号窗口")
    point = make_point(db, center=center)
    return Org(
        center=center, dept_a=dept_a, dept_b=dept_b, window_a=window_a, window_b=window_b, point=point,
        admin=make_staff(db, role=Role.ADMIN, center=center, full_name="管理员甲"),
        head_a=make_staff(db, role=Role.DEPT_HEAD, department=dept_a, full_name="科长甲"),
        clerk_a=make_staff(db, role=Role.WINDOW_STAFF, department=dept_a, window_id=window_a.id, full_name="窗口甲"),
        clerk_b=make_staff(db, role=Role.WINDOW_STAFF, department=dept_b, window_id=window_b.id, full_name="窗口乙"),
    )


@pytest.fixture
def admin(org):
    return actor_for(org.admin)
