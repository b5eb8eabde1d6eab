"""Import files built in the test: XLSX through openpyxl, CSV in the encodings Excel writes."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def center(db):
    return make_center(db, code="GX", name="高新区政务服务中心")


@pytest.fixture
def admin_staff(db, center):
    return make_staff(db, role=Role.ADMIN, center=center)


@pytest.fixture
def admin(admin_staff):
    return actor_for(admin_staff)


@pytest.fixture
def dept(db, center):
    return make_department(db, center=center, code="BDC", name="不动产登记科")
