"""A center with two departments and actors of each role, for the items tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.org.models import Center, Department, Staff


@dataclass
class Org:
    center: Center
    dept_a: Department
    dept_b: Department
    admin: Staff
    head_a: Staff
    clerk_a: Staff
    supervisor: Staff


@pytest.fixture
def org(db) -> Org:
    center = make_center(db)
    dept_a = make_department(db, center=center, code="BDC", name="不动产登记科")
    dept_b = make_department(db, center=center, code="SCJG", name="市场监管科")
    return Org(
        center=center, dept_a=dept_a, dept_b=dept_b,
        admin=make_staff(db, role=Role.ADMIN, center=center),
        head_a=make_staff(db, role=Role.DEPT_HEAD, department=dept_a),
        clerk_a=make_staff(db, role=Role.WINDOW_STAFF, department=dept_a),
        supervisor=make_staff(db, role=Role.SUPERVISOR, center=center),
    )


@pytest.fixture
def admin(org):
    return actor_for(org.admin)


@pytest.fixture
def head_a(org):
    return actor_for(org.head_a)
