"""An inspector imports a DingTalk export on 考勤导入, opens the month summary, records a key-time spot check at a
window (the clerk found away) and sees it counted in the summary and on the clerk's month."""

import pytest

from tests.attendance.conftest import dingtalk_csv, full_day
from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_import_summary_and_a_spot_check(live_db, live_server, page):
    base, accounts = live_server
    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.click("nav >> text=考勤")
    page.wait_for_url(base + "/attendance")
    page.click("a:has-text('考勤导入')")
    data = dingtalk_csv(full_day("张伟", "SC0301", "2026-11-16") +
                        full_day("张伟", "SC0301", "2026-11-17", ("09:12", "12:00", "13:00", "17:00")))
    page.set_input_files("input[name=file]", files=[{"name": "十一月原始记录.csv", "mimeType": "text/csv",
                                                     "buffer": data}])
    page.click("button:has-text('导入')")
    result = page.locator("#import-result").inner_text()
    assert "新增 8 条" in result and "匹配人员 1 人" in result and "2026-11-16 至 2026-11-17" in result
    assert "十一月原始记录.csv" in page.locator("#past-imports").inner_text()
    shot(page, "attendance-import")

    page.goto(base + "/attendance?month=2026-11")
    row = page.locator("#summary tr", has_text="张伟")
    assert "SC0301" in row.inner_text() and "市场监管窗口" in row.inner_text()
    cells = row.locator("td").all_inner_texts()
    assert cells[7] == "1"  # 迟到 on 11/17 at 9:12
    before = int(cells[10].split()[0])
    shot(page, "attendance-summary")

    page.click("a:has-text('登记抽检')")
    page.select_option("select[name=target]", label="窗口：A01 综合受理窗口（市场监管窗口）")
    page.fill("input[name=day]", "2026-11-16")
    page.fill("input[name=time]", "10:30")
    page.click("button:has-text('列出应在岗人员')")
    assert "10:30 不在其中" in page.locator(".flash.error").inner_text()
    page.fill("input[name=time]", "13:02")
    page.click("button:has-text('列出应在岗人员')")
    assert "下午上班（13:00-13:05）" in page.inner_text("h2")
    clerk = page.locator("#expected tr", has_text="张伟")
    clerk.locator("input[value=absent]").check()
    clerk.locator("input[type=text], input:not([type])").fill("窗口无人，未挂暂停服务牌")
    shot(page, "attendance-spot-check-form")
    page.click("button:has-text('保存抽检结果')")
    assert "1 人不在岗" in page.inner_text("body") and "窗口无人，未挂暂停服务牌" in page.inner_text("#entries")
    shot(page, "attendance-spot-check")

    page.goto(base + "/attendance?month=2026-11")
    cells = page.locator("#summary tr", has_text="张伟").locator("td").all_inner_texts()
    assert int(cells[10].split()[0]) == before + 1 and "抽检 1" in cells[10]  # 11/16: punched all day
    page.click("#summary a:has-text('张伟')")
    day = page.locator("#days tr", has_text="2026-11-16").inner_text()
    assert "下午上班（13:00-13:05）" in day and "不在岗" in day
    shot(page, "attendance-person-month")
