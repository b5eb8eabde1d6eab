"""A department with two staff, its head and an admin; DingTalk raw punch exports written as CSV."""

import csv
import io

import pytest

from tests.fixtures.objects import make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.org.models import Center

HEADER = ["姓名", "考勤组", "部门", "工号", "职位", "UserId", "考勤日期", "考勤时间", "打卡时间", "打卡结果"]


def dingtalk_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["原始记录 统计日期：2026-10-01 至 2026-10-31"])
    writer.writerow(HEADER)
    for name, no, day, time in rows:
        writer.writerow([name, "窗口", "不动产登记科", no, "科员", "u", day, "", time, "正常"])
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def hall(db):
    dept = make_department(db, name="不动产登记科")
    center = db.get(Center, dept.center_id)
    return {"dept": dept, "a": make_staff(db, department=dept, full_name="张敏", staff_no="BDC01"),
            "b": make_staff(db, department=dept, full_name="李强", staff_no="BDC02"),
            "head": make_staff(db, department=dept, role=Role.DEPT_HEAD, full_name="赵科长", staff_no="BDC00"),
            "admin": make_staff(db, role=Role.ADMIN, center=center, staff_no="ADM01")}


def full_day(name, no, day, times=("08:55", "12:01", "12:58", "17:02")):
    return [(name, no, day, t) for t in times]
