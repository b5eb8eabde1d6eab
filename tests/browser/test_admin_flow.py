"""An admin, in the real browser: creates a service item (a bad field first), then imports a file with a bad row."""

import csv

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser


def test_create_service_item(live_server, page):
    base, accounts = live_server
    sign_in(page, base, accounts["admin"], PASSWORD)
    page.goto(base + "/admin/items/new")
    page.fill("input[name=code]", "BR-001")
    page.fill("input[name=name]", "食品经营许可证核发")
    page.select_option("select[name=department_id]", label=f"{accounts['dept_code']} 市场监管窗口")
    page.fill("input[name=statutory_limit_days]", "20")
    page.fill("input[name=promised_limit_days]", "30")  # longer than the statutory limit: refused, input kept
    page.fill("textarea[name=legal_basis]", "《中华人民共和国食品安全法》第三十五条")
    page.fill("input[name='m-0-name']", "食品经营许可申请书")
    page.click("button[type=submit].primary")
    error = page.locator(".has-error .field-error").first
    assert "承诺时限不得超过法定时限" in error.inner_text()
    assert page.input_value("input[name=name]") == "食品经营许可证核发"
    shot(page, "item-form-error")

    page.fill("input[name=promised_limit_days]", "5")
    page.click("button[type=submit].primary")
    page.goto(base + "/admin/items?q=BR-001")
    assert "食品经营许可证核发" in page.locator("table.list").first.inner_text()
    shot(page, "items-list")


def test_import_with_a_bad_row_shows_the_row(live_server, page, tmp_path):
    base, accounts = live_server
    path = tmp_path / "items.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["事项编码", "事项名称", "科室编码", "设定依据", "法定时限(工作日)", "承诺时限(工作日)", "申报材料"])
        w.writerow(["BR-101", "个体工商户设立登记", accounts["dept_code"], "《促进个体工商户发展条例》", "15", "3", "申请书；身份证明"])
        w.writerow(["BR-102", "食品小作坊登记", "NOPE", "", "十", "3", "申请书"])
    sign_in(page, base, accounts["admin"], PASSWORD)
    page.goto(base + "/admin/import")
    page.select_option("select[name=kind]", value="items")
    page.set_input_files("input[name=file]", str(path))
    page.click("button[type=submit].primary")
    table = page.locator("#import-errors")
    assert "第 3 行" in table.inner_text()
    assert "未导入任何数据" in page.content()
    shot(page, "import-rejected")
    page.goto(base + "/admin/items?q=BR-101")
    assert "个体工商户设立登记" not in page.content()
