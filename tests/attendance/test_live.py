"""Attendance through a real `xiaoneng serve` on a file database: a DingTalk XLSX uploaded and committed, a file
whose header changed refused in Chinese with nothing written, an upload past the limit refused before it is read,
and the month summary and the spot checks downloaded as XLSX and opened with openpyxl."""

import datetime as dt
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from tests.attendance.test_dingtalk import RAW_HEADER, raw_row
from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff, make_window
from tests.fixtures.sheets import read_xlsx
from xiaoneng.attendance import spot_checks
from xiaoneng.attendance.models import AttendanceImport, PunchRecord
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope


def xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def dingtalk_xlsx() -> bytes:
    rows = [["原始记录 统计日期：2026-11-01 至 2026-11-17"], ["报表生成时间：2026-11-18 08:00"], RAW_HEADER]
    for day in ("2026-11-16", "2026-11-17"):
        for t in ("08:52", "12:02", "12:57", "17:03"):
            rows.append(raw_row("张敏", "BDC01", f"{day} 星期一", t))
        rows.append(raw_row("李强", "BDC02", day, "09:14" if day.endswith("16") else "08:58", "迟到"))
    return xlsx(rows)


def punch_count(engine) -> int:
    with session_scope(engine, readonly=True) as s:
        return s.scalar(select(func.count()).select_from(PunchRecord))


def test_uploads_and_downloads_on_a_served_server(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        dept = make_department(s, center=center, name="不动产登记科")
        window = make_window(s, department=dept, name="A01 不动产受理窗口")
        a = make_staff(s, department=dept, full_name="张敏", staff_no="BDC01", window_id=window.id)
        b = make_staff(s, department=dept, full_name="李强", staff_no="BDC02", window_id=window.id)
        inspector = make_staff(s, role=Role.SUPERVISOR, center=center, full_name="周监察", username="att_inspector")
        spot_checks.record_spot_check(s, actor=actor_for(inspector), target=f"window:{window.id}",
                                      day="2026-11-17", time="16:56",
                                      answers={a.id: ("present", ""), b.id: ("absent", "提前离岗")})
    with serve_live(own_database_url) as server:
        browser = server.sign_in("att_inspector")
        changed = xlsx([["原始记录"], ["姓名", "工号", "签到日期", "签到"], ["张敏", "BDC01", "2026-11-16", "08:52"]])
        refused = browser.post("/attendance/import", data={"format": "auto"},
                               files={"file": ("原始记录.xlsx", changed)})
        assert refused.status_code == 422
        assert "没有找到表头：钉钉原始记录应有“姓名、考勤日期、打卡时间”列" in refused.text
        assert punch_count(engine) == 0
        too_large = browser.post("/attendance/import", data={"format": "auto"},
                                 files={"file": ("big.csv", b"x" * (11 * 1024 * 1024))})
        assert too_large.status_code == 413 and "请求内容过大" in too_large.text
        done = browser.post("/attendance/import", data={"format": "auto"},
                            files={"file": ("十一月原始记录.xlsx", dingtalk_xlsx())})
        assert done.status_code == 200, done.text[-2000:]
        assert "读取打卡 10 条，新增 10 条" in done.text and "匹配人员 2 人" in done.text
        assert punch_count(engine) == 10  # committed, seen from another connection
        summary = read_xlsx(browser.get("/attendance/export.xlsx?month=2026-11&sort=late&order=desc"))
        checks = read_xlsx(browser.get("/attendance/spot-checks/export.xlsx?result=absent"))
        browser.close()
    assert summary.title.startswith("2026-11 月度考勤汇总")
    assert summary.header == ["工号", "姓名", "科室", "工作日", "出勤天数", "缺勤天数", "请假天数", "迟到", "早退",
                              "缺卡", "关键时段不在岗"]
    people = {r["姓名"]: r for r in summary.rows}
    assert people["李强"]["迟到"] == 1 and summary.rows[0]["姓名"] == "李强"  # sorted by 迟到, most first
    # 11/2-11/17: 12 working days; 张敏 punched two of them in full, 10 without punches are 40 key times.
    assert people["张敏"]["工作日"] == 12 and people["张敏"]["关键时段不在岗"] == 40
    # 李强 has one punch a day (a missing punch, the afternoon absent) and was found away at 16:56 on 11/17,
    # which his punches show already.
    assert people["李强"]["缺卡"] == 2 and people["李强"]["缺勤天数"] == 11.0
    totals = {r["科室"]: r for r in summary.rows if r["工号"] == "科室合计"}
    assert set(totals) == {"不动产登记科", "未分科室"}  # the inspector belongs to no department
    assert totals["不动产登记科"]["姓名"] == "2 人" and totals["不动产登记科"]["迟到"] == 1
    assert isinstance(people["张敏"]["出勤天数"], int)
    assert checks.header[:6] == ["日期", "时间", "关键时段", "科室", "抽检地点", "抽检人"]
    assert [(r["人员"], r["结果"], r["说明"]) for r in checks.rows] == [("张敏", "在岗", None), ("李强", "不在岗", "提前离岗")]
    assert checks.rows[0]["日期"] == dt.datetime(2026, 11, 17) and checks.rows[0]["关键时段"] == "下午下班（16:55-17:00）"
    assert "有人不在岗" in checks.title
    with session_scope(engine, readonly=True) as s:
        imports = s.scalars(select(AttendanceImport)).all()
        exported = set(s.scalars(select(AuditRecord.entity).where(AuditRecord.action == "export.xlsx")))
    assert [(i.file_name, i.punches, i.staff, i.first_day) for i in imports] == [
        ("十一月原始记录.xlsx", 10, 2, dt.date(2026, 11, 16))]
    assert exported == {"attendance_summary", "spot_checks"}
    engine.dispose()
