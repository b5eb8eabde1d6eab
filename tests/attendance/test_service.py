import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from tests.attendance.conftest import dingtalk_csv, full_day
from tests.fixtures.objects import make_department, make_staff
from xiaoneng.attendance import service
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.duty import service as duty
from xiaoneng.errors import ImportRejected, ValidationFailed
from xiaoneng.org.models import Center

def test_an_unknown_staff_number_refuses_the_whole_file(db, hall):
    data = dingtalk_csv(full_day("张敏", "BDC01", "2026-10-09") + [("王五", "X999", "2026-10-09", "08:50")])
    with pytest.raises(ImportRejected) as exc:
        service.import_punches(db, actor=actor_for(hall["admin"]), filename="punches.csv", data=data)
    assert [(e.row, e.reason) for e in exc.value.errors] == [(7, "王五（工号 X999） 不在本中心的人员中")]
    assert db.scalar(select(func.count()).select_from(PunchRecord)) == 0


def test_a_changed_header_is_refused_in_chinese(db, hall):
    with pytest.raises(ValidationFailed, match="没有找到表头"):
        service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data="姓名,签到\n张敏,08:00\n".encode())


def test_imported_twice_adds_nothing_and_matches_by_name_when_no_number(db, hall):
    data = dingtalk_csv(full_day("张敏", "BDC01", "2026-10-09") + full_day("李强", "", "2026-10-09"))
    first = service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=data)
    assert (first.punches, first.staff, first.kind) == (8, 2, "raw")
    again = service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=data)
    assert (again.punches, again.already) == (0, 8)


def test_the_month_on_the_platforms_calendar_with_leave(db, hall):
    # October 2026: 国庆 10/1-10/7 rest, 10/8, 10/9 and the make-up Saturday 10/10 work, then weekdays.
    rows = []
    for day in ("2026-10-08", "2026-10-09", "2026-10-12", "2026-10-13"):
        rows += full_day("张敏", "BDC01", day)
    rows += full_day("张敏", "BDC01", "2026-10-14", ("09:12", "12:00", "13:00", "16:40"))  # late, early
    rows += full_day("张敏", "BDC01", "2026-10-15", ("08:50", "12:00"))                    # afternoon absent
    rows += [("张敏", "BDC01", "2026-10-05", "09:00")]                                      # a holiday: not checked
    service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=dingtalk_csv(rows))
    leave = duty.request_absence(db, actor=actor_for(hall["a"]), kind="sick", start_date="2026-10-16", start_half=0,
                                 end_date="2026-10-16", end_half=1)
    duty.decide_absence(db, actor=actor_for(hall["head"]), absence_id=leave.id, approve=True)
    summary = service.monthly_summary(db, actor=actor_for(hall["admin"]), month="2026-10", today=dt.date(2026, 10, 17))
    a = next(p for p in summary if p.staff_no == "BDC01")
    # Working days up to 10/16: 10/8, 10/9, 10/10 (make-up), 10/12-10/16 = 8.
    assert (a.working_days, a.leave_days) == (8, 1.0)
    assert (a.present_days, a.absent_days) == (6, 1.5)  # 10/10 absent all day, 10/15 afternoon
    assert (a.late, a.early_leave, a.missing_punches) == (1, 1, 0)
    assert a.key_time_absences == 4 + 2 + 2  # 10/10 (4), 10/14 late past 9:05 and left before 16:55, 10/15 pm
    b = next(p for p in summary if p.staff_no == "BDC02")
    assert (b.present_days, b.absent_days) == (0, 8.0)


def test_a_head_sees_their_department_only(db, hall):
    other = make_department(db, center=db.get(Center, hall["dept"].center_id), name="社保科")
    make_staff(db, department=other, staff_no="SB01")
    names = {p.staff_no for p in service.monthly_summary(db, actor=actor_for(hall["head"]), month="2026-10",
                                                          today=dt.date(2026, 11, 1))}
    assert names == {"BDC00", "BDC01", "BDC02"}
    with pytest.raises(ValidationFailed, match="月份格式应为 YYYY-MM"):
        service.monthly_summary(db, actor=actor_for(hall["head"]), month="2026/10", today=dt.date(2026, 11, 1))


def test_an_xlsx_export_with_numeric_staff_numbers(db, hall):
    from openpyxl import Workbook

    hall["a"].staff_no = "1001"
    db.flush()
    book = Workbook()
    sheet = book.active
    sheet.append(["原始记录"])
    sheet.append(["姓名", "部门", "工号", "考勤日期", "打卡时间"])
    sheet.append(["张敏", "不动产登记科", 1001, dt.datetime(2026, 11, 16), "08:55"])
    sheet.append(["张敏", "不动产登记科", 1001, "2026-11-16 星期一", dt.time(17, 2)])
    out = io.BytesIO()
    book.save(out)
    result = service.import_punches(db, actor=actor_for(hall["admin"]), filename="原始记录.xlsx", data=out.getvalue())
    assert (result.punches, result.staff, result.first_day) == (2, 1, dt.date(2026, 11, 16))
