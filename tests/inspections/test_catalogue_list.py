"""The indicator catalogue as a list: searched, filtered by frequency and state, sorted, exported as XLSX with
labels (no codes of frequencies), a bad filter refused in Chinese."""

import re

from tests.fixtures.sheets import read_xlsx


def test_search_filter_sort_and_export(db, world, sign_in):
    browser = sign_in(world.supervisor)
    whole = browser.page("/inspections/catalogue?point_type=区级大厅")
    assert whole.status_code == 200 and "导出 XLSX" in whole.text
    found = browser.page("/inspections/catalogue?point_type=区级大厅&q=灭火器")
    rows = found.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "灭火器" in rows and rows.count("<tr>") < whole.text.split("<tbody>")[1].count("<tr>")
    monthly = browser.page("/inspections/catalogue?point_type=区级大厅&frequency=monthly")
    body = monthly.text.split("<tbody>")[1].split("</tbody>")[0]
    assert set(re.findall(r"<td>(日常|1周/次|1月/次|半年/次)</td>", body)) == {"1月/次"}
    book = read_xlsx(browser.get("/inspections/catalogue/export.xlsx?point_type=区级大厅&frequency=monthly"))
    assert book.header == ["编号", "指标", "类别", "检查内容", "检查方法", "频次", "状态"]
    assert book.rows and set(book.column("频次")) == {"1月/次"} and set(book.column("状态")) == {"启用"}
    by_name = browser.page("/inspections/catalogue?point_type=区级大厅&sort=name&order=desc")
    assert by_name.status_code == 200
    bad = browser.get("/inspections/catalogue?point_type=区级大厅&frequency=yearly")
    assert bad.status_code == 422 and "频次不正确" in bad.text
