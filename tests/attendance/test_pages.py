"""The attendance pages as each role uses them: the month summary (filters, search, sort, totals, scope), a
person's month, the import page, and recording a spot check with its refusals."""

import re

from sqlalchemy import func, select

from tests.attendance.conftest import dingtalk_csv, full_day
from xiaoneng.attendance import service, spot_checks
from xiaoneng.attendance.models import AttendanceImport, PunchRecord, SpotCheck
from xiaoneng.auth.service import actor_for


def punches(db, hall):
    rows = full_day("张敏", "BDC01", "2026-10-12") + full_day("李强", "BDC02", "2026-10-12", ("09:20", "12:00"))
    rows += full_day("陈静", "SW01", "2026-10-12")
    service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=dingtalk_csv(rows))


def names_in(page: str) -> list[str]:
    """The names of the summary table's rows, in order."""
    table = page.split('id="summary"')[1].split("</table>")[0]
    return re.findall(r'/attendance/staff/\d+\?month=[\d-]+">([^<]+)</a>', table)


def test_the_summary_opens_on_last_month_for_the_whole_center(db, hall, sign_in):
    punches(db, hall)
    page = sign_in(hall["supervisor"]).page("/attendance")
    assert page.status_code == 200
    assert 'value="2026-10"' in page.text  # the clock stands at 2026-11-18
    assert {"张敏", "李强", "陈静", "钱科长", "周监察"} <= set(names_in(page.text))
    assert "科室合计" in page.text and "登记抽检" in page.text and "考勤导入" in page.text
    assert "不动产登记科" in page.text and "BDC01" in page.text


def test_filter_search_and_sort(db, hall, sign_in):
    punches(db, hall)
    browser = sign_in(hall["director"])
    only = browser.page(f"/attendance?month=2026-10&department_id={hall['tax'].id}")
    assert set(names_in(only.text)) == {"钱科长", "陈静"}
    assert names_in(browser.page("/attendance?month=2026-10&q=李").text) == ["李强"]
    by_late = names_in(browser.page("/attendance?month=2026-10&sort=late&order=desc").text)
    assert by_late[0] == "李强"  # late on 10/12, the others never
    fewest_absent = names_in(browser.page("/attendance?month=2026-10&sort=absent_days&order=asc").text)
    assert set(fewest_absent[:2]) == {"张敏", "陈静"}
    assert "登记抽检" not in browser.page("/attendance").text  # a director reads, an inspector records
    bad = browser.page("/attendance?month=2026/10")
    assert bad.status_code == 422 and "月份格式应为 YYYY-MM" in bad.text


def test_a_clerk_sees_only_their_own_row_and_month(db, hall, sign_in):
    punches(db, hall)
    browser = sign_in(hall["a"])
    assert 'href="/attendance"' in browser.page("/").text  # the menu's 考勤
    page = browser.page("/attendance?month=2026-10")
    assert names_in(page.text) == ["张敏"] and "李强" not in page.text and "科室合计" not in page.text
    own = browser.page(f"/attendance/staff/{hall['a'].id}?month=2026-10")
    assert own.status_code == 200 and "2026-10-12 周一" in own.text and "08:55、12:01、12:58、17:02" in own.text
    assert browser.page(f"/attendance/staff/{hall['b'].id}?month=2026-10").status_code == 404
    assert browser.page("/attendance/import").status_code == 403
    assert browser.page("/attendance/spot-checks/new").status_code == 403


def test_another_departments_head_gets_nothing_of_yours(db, hall, sign_in):
    punches(db, hall)
    check = spot_checks.record_spot_check(db, actor=actor_for(hall["supervisor"]), target=f"window:{hall['window'].id}",
                                          day="2026-10-12", time="09:03",
                                          answers={hall["a"].id: ("present", ""), hall["b"].id: ("absent", "")})
    browser = sign_in(hall["tax_head"])
    page = browser.page("/attendance?month=2026-10")
    assert set(names_in(page.text)) == {"钱科长", "陈静"} and "张敏" not in page.text
    assert browser.page(f"/attendance/staff/{hall['a'].id}?month=2026-10").status_code == 404
    assert browser.page(f"/attendance/spot-checks/{check.id}").status_code == 404
    listing = browser.page("/attendance/spot-checks")
    assert "没有符合条件的抽检记录" in listing.text
    own_head = sign_in(hall["head"])
    assert "李强" in own_head.page(f"/attendance/spot-checks/{check.id}").text
    clerk = sign_in(hall["a"]).page(f"/attendance/spot-checks/{check.id}")  # their own entry only
    assert clerk.status_code == 200 and "张敏" in clerk.text and "李强" not in clerk.text


def test_a_person_month_shows_leave_results_and_spot_checks(db, hall, sign_in):
    punches(db, hall)
    spot_checks.record_spot_check(db, actor=actor_for(hall["supervisor"]), target=f"window:{hall['window'].id}",
                                  day="2026-10-12", time="16:58",
                                  answers={hall["a"].id: ("present", ""), hall["b"].id: ("absent", "提前离岗")})
    page = sign_in(hall["head"]).page(f"/attendance/staff/{hall['b'].id}?month=2026-10")
    assert "迟到（09:20）" in page.text and "下午缺勤" in page.text and "提前离岗" in page.text
    assert "下午下班（16:55-17:00）" in page.text and "2026-10-10 周六" in page.text and "国庆节调休上班" in page.text


def test_recording_a_spot_check_on_its_page(db, hall, sign_in):
    browser = sign_in(hall["supervisor"])
    target = f"window:{hall['window'].id}"
    form = browser.page(f"/attendance/spot-checks/new?target={target}&day=2026-11-17&time=11:57")
    assert form.status_code == 200 and "上午下班（11:55-12:00）" in form.text
    assert "张敏" in form.text and "李强" in form.text
    base = {"target": target, "day": "2026-11-17", "time": "11:57", "note": ""}
    missing = browser.submit("/attendance/spot-checks/new", {**base, f"present_{hall['a'].id}": "present"})
    assert missing.status_code == 422 and "请为 李强 选择“在岗”或“不在岗”" in missing.text
    answers = {f"present_{hall['a'].id}": "present", f"present_{hall['b'].id}": "absent",
               f"note_{hall['b'].id}": "离岗未挂牌"}
    done = browser.submit("/attendance/spot-checks/new", {**base, **answers})
    assert done.status_code == 303
    check = db.scalars(select(SpotCheck)).one()
    assert done.headers["location"] == f"/attendance/spot-checks/{check.id}"
    detail = browser.page(done.headers["location"])
    assert "已登记抽检：应在岗 2 人，1 人不在岗" in detail.text and "离岗未挂牌" in detail.text
    inbox = sign_in(hall["b"]).page("/inbox").text
    assert "巡查抽检：您在 2026-11-17 上午下班（11:55-12:00）（A01 不动产受理窗口）不在岗" in inbox
    assert "spot_check" not in inbox.replace(f'/attendance/spot-checks/{check.id}', "")
    again = browser.submit("/attendance/spot-checks/new", {**base, "time": "11:59", **answers})
    assert again.status_code == 409 and "已抽检过" in again.text
    wrong = browser.page(f"/attendance/spot-checks/new?target={target}&day=2026-11-17&time=10:30")
    assert wrong.status_code == 422 and "10:30 不在其中" in wrong.text
    holiday = browser.page(f"/attendance/spot-checks/new?target={target}&day=2026-10-05&time=09:00")
    assert holiday.status_code == 422 and "2026-10-05 是国庆节，不是工作日，无需抽检" in holiday.text
    listing = browser.page("/attendance/spot-checks?result=absent")
    assert "A01 不动产受理窗口" in listing.text and "1 人" in listing.text
    assert "没有符合条件" in browser.page("/attendance/spot-checks?result=present").text
    assert db.scalar(select(func.count()).select_from(SpotCheck)) == 1


def test_the_import_page_imports_and_lists_past_imports(db, hall, sign_in):
    browser = sign_in(hall["supervisor"])
    assert browser.page("/attendance/import").status_code == 200
    data = dingtalk_csv(full_day("张敏", "BDC01", "2026-11-16") + full_day("李强", "BDC02", "2026-11-17"))
    page = browser.submit("/attendance/import", {"format": "auto"}, files={"file": ("十一月原始记录.csv", data)})
    assert page.status_code == 200, page.text
    assert "读取打卡 8 条，新增 8 条" in page.text and "匹配人员 2 人" in page.text
    assert "覆盖 2026-11-16 至 2026-11-17，共 2 天" in page.text
    assert "十一月原始记录.csv" in page.text.split('id="past-imports"')[1] and "周监察" in page.text
    record = db.scalars(select(AttendanceImport)).one()
    assert (record.rows, record.punches, record.staff, record.imported_by_id) == (8, 8, 2, hall["supervisor"].id)


def test_bad_files_are_refused_on_the_page_with_nothing_written(db, hall, sign_in):
    browser = sign_in(hall["admin"])
    unknown = dingtalk_csv(full_day("张敏", "BDC01", "2026-11-16") + [("王五", "X9", "2026-11-16", "08:50")])
    page = browser.submit("/attendance/import", {"format": "auto"}, files={"file": ("p.csv", unknown)})
    assert page.status_code == 422 and "有 1 处错误，未导入任何打卡记录" in page.text
    assert "第 7 行" in page.text and "王五（工号 X9） 不在本中心的人员中" in page.text
    changed = "姓名,签到\n张敏,08:00\n".encode()
    page = browser.submit("/attendance/import", {"format": "auto"}, files={"file": ("p.csv", changed)})
    assert page.status_code == 422 and "没有找到表头" in page.text
    mapped = "人员,编号,日期,时间\n张敏,BDC01,2026-11-16,08:59\n".encode()
    page = browser.submit("/attendance/import", {"format": "mapped", "map_name": "人员", "map_date": "日期"},
                          files={"file": ("other.csv", mapped)})
    assert page.status_code == 422 and "列对应须指明日期列、打卡时间列" in page.text
    assert db.scalar(select(func.count()).select_from(PunchRecord)) == 0
    page = browser.submit("/attendance/import", {"format": "mapped", "map_name": "人员", "map_staff_no": "编号",
                                                 "map_date": "日期", "map_time": "时间"},
                          files={"file": ("other.csv", mapped)})
    assert page.status_code == 200 and "按列对应导入" in page.text and "新增 1 条" in page.text
    assert db.scalar(select(func.count()).select_from(AttendanceImport)) == 1
