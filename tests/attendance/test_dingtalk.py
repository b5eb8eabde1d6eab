import datetime as dt

import pytest

from xiaoneng.attendance import dingtalk

RAW_HEADER = ["姓名", "考勤组", "部门", "工号", "职位", "UserId", "考勤日期", "考勤时间", "打卡时间", "打卡结果",
              "打卡地址", "打卡备注", "异常打卡原因", "打卡图片", "打卡设备", "管理员修改备注"]


def raw_row(name, no, date, time, result="正常"):
    return [name, "窗口考勤组", "不动产登记科", no, "科员", "u1", date, "09:00", time, result, "政务中心", "", "", "",
            "手机", ""]


def test_the_raw_punch_list_with_dingtalk_title_rows():
    rows = [["原始记录 统计日期：2026-11-01 至 2026-11-30"], ["报表生成时间：2026-12-01 08:00"], RAW_HEADER,
            raw_row("张敏", "BDC01", "26-11-18 星期三", "08:52"),
            raw_row("张敏", "BDC01", "2026-11-18 星期三", "2026-11-18 17:03"),
            raw_row("李强", "BDC02", "2026/11/18", dt.time(9, 12, 40), "迟到"),
            [None] * 16]
    parsed = dingtalk.parse(rows)
    assert parsed.kind == "raw" and parsed.problems == []
    assert [(p.row, p.staff_no, p.day, p.time) for p in parsed.punches] == [
        (4, "BDC01", dt.date(2026, 11, 18), dt.time(8, 52)), (5, "BDC01", dt.date(2026, 11, 18), dt.time(17, 3)),
        (6, "BDC02", dt.date(2026, 11, 18), dt.time(9, 12))]


def test_the_daily_statistics():
    rows = [["每日统计"], ["姓名", "工号", "部门", "日期", "上班1打卡时间", "下班1打卡时间", "上班2打卡时间", "下班2打卡时间"],
            ["张敏", "BDC01", "不动产登记科", "2026-11-18 星期三", "08:55", "12:01", "12:58", "17:02"],
            ["李强", "BDC02", "不动产登记科", "2026-11-18 星期三", "--", "", "13:00", "17:00"]]
    parsed = dingtalk.parse(rows)
    assert parsed.kind == "daily"
    assert len([p for p in parsed.punches if p.staff_no == "BDC01"]) == 4
    assert [p.time for p in parsed.punches if p.staff_no == "BDC02"] == [dt.time(13), dt.time(17)]
    assert ("BDC02", dt.date(2026, 11, 18)) in parsed.days


def test_another_system_through_a_column_mapping():
    rows = [["人员", "编号", "日期", "时间"], ["王芳", "SB01", "2026-11-18", "08:59"]]
    parsed = dingtalk.parse(rows, {"name": "人员", "staff_no": "编号", "date": "日期", "time": "时间"})
    assert parsed.kind == "mapped" and parsed.punches[0].time == dt.time(8, 59)


def test_rows_that_cannot_be_read_are_named():
    rows = [RAW_HEADER, raw_row("张敏", "BDC01", "十一月十八", "08:52"), raw_row("张敏", "BDC01", "2026-11-18", "8点"),
            raw_row("", "", "2026-11-18", "08:52")]
    problems = dingtalk.parse(rows).problems
    assert [(p.row, p.message) for p in problems] == [(2, "考勤日期“十一月十八”无法识别"), (3, "打卡时间“8点”无法识别"),
                                                      (4, "缺少姓名和工号")]


def test_a_file_whose_header_changed_is_refused_in_chinese():
    with pytest.raises(ValueError, match="没有找到表头"):
        dingtalk.parse([["姓名", "日期", "签到"], ["张敏", "2026-11-18", "08:52"]])
