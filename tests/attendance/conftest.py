"""A department with two staff at one window, its head, an admin, a supervisor and a director; another department
with its head and a clerk; DingTalk raw punch exports written as CSV; approved leave."""

import csv
import io

import pytest

from tests.fixtures.objects import make_department, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.duty import service as duty
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
    window = make_window(db, department=dept, name="A01 不动产受理窗口")
    tax = make_department(db, center=center, name="税务窗口")
    return {"dept": dept, "window": window, "tax": tax, "center": center,
            "a": make_staff(db, department=dept, full_name="张敏", staff_no="BDC01", window_id=window.id),
            "b": make_staff(db, department=dept, full_name="李强", staff_no="BDC02", window_id=window.id),
            "head": make_staff(db, department=dept, role=Role.DEPT_HEAD, full_name="赵科长", staff_no="BDC00"),
            "admin": make_staff(db, role=Role.ADMIN, center=center, staff_no="ADM01"),
            "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="周监察", staff_no="JC01"),
            "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="孙主任", staff_no="ZR01"),
            "tax_head": make_staff(db, department=tax, role=Role.DEPT_HEAD, full_name="钱科长", staff_no="SW00"),
            "tax_clerk": make_staff(db, department=tax, full_name="陈静", staff_no="SW01")}


def approved_leave(db, hall, person, start, start_half, end, end_half, kind="sick"):
    absence = duty.request_absence(db, actor=actor_for(person), kind=kind, start_date=start, start_half=start_half,
                                   end_date=end, end_half=end_half)
    return duty.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)


def full_day(name, no, day, times=("08:55", "12:01", "12:58", "17:02")):
    return [(name, no, day, t) for t in times]
