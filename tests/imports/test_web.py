"""The import page and API: a bad row's error appears, nothing imported; templates download."""

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.fixtures.objects import make_staff
from tests.imports.conftest import csv_bytes, xlsx
from tests.imports.test_service import ITEM_HEADER
from xiaoneng.auth.rules import Role
from xiaoneng.items.models import ServiceItem

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _items(db):
    return db.scalar(select(func.count()).select_from(ServiceItem))


def _rows(bad: bool = True):
    return [ITEM_HEADER,
            ["P-1", "事项一", "BDC", "", "20", "5", "", "", "是", "", "申请书"],
            ["P-2", "事项二", "BDC", "", "10", "15" if bad else "5", "", "", "否", "", ""]]


def test_upload_with_a_bad_row_shows_the_row_and_imports_nothing(db, dept, admin_staff, sign_in):
    browser = sign_in(admin_staff)
    assert browser.page("/admin/import").status_code == 200
    response = browser.submit("/admin/import", {"kind": "items"},
                              files={"file": ("事项.xlsx", xlsx(_rows()), XLSX_TYPE)})
    assert response.status_code == 422
    assert "未导入任何数据" in response.text
    assert "第 3 行" in response.text and "承诺时限不得超过法定时限" in response.text
    assert _items(db) == 0


def test_upload_with_good_rows_only_reports_created_and_skipped(db, dept, admin_staff, sign_in):
    browser = sign_in(admin_staff)
    browser.page("/admin/import")
    response = browser.submit("/admin/import", {"kind": "items", "good_rows_only": "1"},
                              files={"file": ("items.csv", csv_bytes(_rows(), "gb18030"), "text/csv")})
    assert response.status_code == 200
    assert "服务事项 1 条" in response.text and "已跳过的行" in response.text and "第 3 行" in response.text
    assert _items(db) == 1


def test_upload_without_a_file_asks_for_one(db, admin_staff, sign_in):
    browser = sign_in(admin_staff)
    browser.page("/admin/import")
    response = browser.submit("/admin/import", {"kind": "items"})
    assert response.status_code == 422 and "请选择要导入的文件" in response.text


def test_template_download(db, admin_staff, sign_in):
    browser = sign_in(admin_staff)
    response = browser.get("/admin/import/template/staff.xlsx")
    assert response.status_code == 200 and response.headers["content-type"] == XLSX_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:3] == ["工号", "姓名", "科室编码"] and sheet.max_row == 2


def test_department_heads_may_not_import(db, dept, sign_in):
    browser = sign_in(make_staff(db, role=Role.DEPT_HEAD, department=dept))
    assert browser.page("/admin/import").status_code == 403
    response = browser.api("POST", "/api/import/items", files={"file": ("i.xlsx", xlsx(_rows(False)), XLSX_TYPE)})
    assert response.status_code == 403 and _items(db) == 0


def test_api_rejection_lists_every_bad_row(db, dept, admin_staff, sign_in):
    api = sign_in(admin_staff)
    response = api.api("POST", "/api/import/items", files={"file": ("i.xlsx", xlsx(_rows()), XLSX_TYPE)})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected" and "未导入任何数据" in body["message"]
    assert body["errors"] == [{"row": 3, "column": "承诺时限(工作日)", "reason": "承诺时限不得超过法定时限"}]
    assert _items(db) == 0


def test_api_success_returns_the_report(db, dept, admin_staff, sign_in):
    api = sign_in(admin_staff)
    response = api.api("POST", "/api/import/items", data={"good_rows_only": "true"},
                       files={"file": ("i.xlsx", xlsx(_rows()), XLSX_TYPE)})
    assert response.status_code == 200
    body = response.json()
    assert body["created"] == {"item": 1} and [e["row"] for e in body["skipped"]] == [3]


def test_the_page_refuses_a_file_past_the_row_limit_naming_it(app, db, dept, admin_staff, sign_in):
    app.state.settings = app.state.settings.model_copy(update={"import_max_rows": 1})
    browser = sign_in(admin_staff)
    browser.page("/admin/import")
    response = browser.submit("/admin/import", {"kind": "items"},
                              files={"file": ("事项.xlsx", xlsx(_rows(bad=False)), XLSX_TYPE)})
    assert response.status_code == 422 and "超过 1 行的上限" in response.text
    assert _items(db) == 0
