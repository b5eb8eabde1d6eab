"""Imports: every bad row reported with its spreadsheet row, nothing half-imported, or only the good rows."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_department, make_item, make_staff
from tests.imports.conftest import csv_bytes, xlsx
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Forbidden, ImportRejected, RowError, ValidationFailed
from xiaoneng.imports.service import run_import, template_xlsx
from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.kit.readers import read_table
from xiaoneng.org.models import Department, ServicePoint, Staff, Window

ORG_HEADER = ["类型", "编码", "名称", "上级编码", "类别", "地址", "所属点位编码"]
ITEM_HEADER = ["事项编码", "事项名称", "科室编码", "设定依据", "法定时限(工作日)", "承诺时限(工作日)", "办理流程",
               "收费标准", "可网办", "指南审核日期", "申报材料"]
STAFF_HEADER = ["工号", "姓名", "科室编码", "窗口编码", "职务", "职级", "电话", "角色", "用户名", "初始密码"]


def counts(db) -> dict:
    return {m.__name__: db.scalar(select(func.count()).select_from(m))
            for m in (Department, ServicePoint, Window, Staff, ServiceItem, ItemMaterial, AuditRecord)}


def _import(db, admin, kind, rows, *, name=None, good_rows_only=False, fmt="xlsx"):
    data = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows, fmt)
    return run_import(db, actor=admin, kind=kind, file_name=name or f"{kind}.{'xlsx' if fmt == 'xlsx' else 'csv'}",
                      data=data, good_rows_only=good_rows_only)


# --- org -----------------------------------------------------------------------------------------------------------

def test_org_file_creates_departments_points_and_windows_with_references_inside_the_file(db, center, admin):
    rows = [ORG_HEADER,
            ["窗口", "W1", "不动产1号窗口", "BDC", "", "", "HALL"],        # names a department and point further down
            ["科室", "BDC", "不动产登记科", "", "", "", ""],
            ["服务点位", "HALL", "区政务服务大厅", "", "区级大厅", "天府大道1号", ""],
            ["服务点位", "R1", "石羊社区便民服务室", "HALL", "社区便民服务室", "", ""],
            ["科室", "SC", "市场监管科", "", "部门", "", ""]]
    report = _import(db, admin, "org", rows)
    assert report.created == {"department": 2, "service_point": 2, "window": 1} and report.skipped == []
    window = db.scalar(select(Window).where(Window.code == "W1"))
    hall = db.scalar(select(ServicePoint).where(ServicePoint.code == "HALL"))
    room = db.scalar(select(ServicePoint).where(ServicePoint.code == "R1"))
    dept = db.scalar(select(Department).where(Department.code == "BDC"))
    assert window.department_id == dept.id and window.service_point_id == hall.id and room.parent_id == hall.id
    assert db.scalar(select(Department.kind).where(Department.code == "SC")) == "部门"
    actions = list(db.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))
    assert actions.count("department.create") == 2 and actions.count("window.create") == 1
    assert actions[-1] == "import.run"
    run = db.scalar(select(AuditRecord).where(AuditRecord.action == "import.run"))
    assert "org.xlsx" in run.detail and run.center_id == center.id


def test_a_file_with_bad_rows_is_rejected_whole_with_every_bad_row_listed(db, center, admin, dept):
    rows = [ORG_HEADER,
            ["科室", "ZW", "政务公开科", "", "", "", ""],              # 2 good
            ["科室", "BDC", "重名科室", "", "", "", ""],               # 3 exists in the database
            ["窗口", "W1", "一号窗口", "NOPE", "", "", ""],             # 4 unknown department
            ["小组", "G1", "某小组", "", "", "", ""],                 # 5 unknown type
            ["服务点位", "P1", "某点位", "", "", "", ""],               # 6 no point type
            ["科室", "ZW", "再次出现", "", "", "", ""],                # 7 duplicate of row 2
            ["窗口", "W2", "", "ZW", "", "", ""]]                      # 8 no name
    before = counts(db)
    with pytest.raises(ImportRejected) as exc:
        _import(db, admin, "org", rows)
    errors = exc.value.errors
    assert [e.row for e in errors] == [3, 4, 5, 6, 7, 8]
    assert errors[0] == RowError(3, "编码", "编码已存在：BDC")
    assert errors[1].column == "上级编码" and "NOPE 不存在" in errors[1].reason
    assert errors[2].column == "类型"
    assert errors[3].column == "类别"
    assert errors[4] == RowError(7, "编码", "科室编码 ZW 与第 2 行重复")
    assert errors[5] == RowError(8, "名称", "名称不能为空")
    assert counts(db) == before
    assert exc.value.to_dict()["code"] == "import_rejected"


def test_good_rows_only_imports_the_good_rows_and_skips_rows_that_name_a_bad_row(db, center, admin):
    rows = [ORG_HEADER,
            ["科室", "ZW", "政务公开科", "", "", "", ""],
            ["科室", "bad code!", "坏编码科", "", "", "", ""],
            ["科室", "SB", "", "", "", "", ""],                        # bad: no name
            ["窗口", "W1", "一号窗口", "SB", "", "", ""],               # names the bad row 4
            ["窗口", "W2", "二号窗口", "ZW", "", "", ""]]
    report = _import(db, admin, "org", rows, good_rows_only=True)
    assert report.created == {"department": 1, "service_point": 0, "window": 1}
    assert [(e.row, e.column) for e in report.skipped] == [(3, "编码"), (4, "名称"), (5, "上级编码")]
    assert report.skipped[2].reason == "引用的科室编码 SB 所在的第 4 行有错误，本行一并跳过"
    assert set(db.scalars(select(Window.code))) == {"W2"}
    run = db.scalar(select(AuditRecord).where(AuditRecord.action == "import.run"))
    assert '"skipped_rows":[3,4,5]' in run.detail.replace(" ", "")


def test_a_later_duplicate_does_not_hide_the_good_first_row(db, center, admin):
    rows = [ORG_HEADER, ["科室", "ZW", "政务公开科", "", "", "", ""], ["科室", "ZW", "重复", "", "", "", ""],
            ["窗口", "W1", "一号窗口", "ZW", "", "", ""]]
    report = _import(db, admin, "org", rows, good_rows_only=True)
    assert report.created["window"] == 1 and [e.row for e in report.skipped] == [3]


# --- headers and empty files -----------------------------------------------------------------------------------------

def test_unknown_and_missing_columns_are_reported_against_row_1(db, center, admin):
    before = counts(db)
    with pytest.raises(ImportRejected) as exc:
        _import(db, admin, "items", [["事项编码", "事项名", "科室编码", "备注"], ["A", "B", "BDC", "x"]])
    assert [(e.row, e.column, e.reason) for e in exc.value.errors] == [
        (1, "事项名", "未知的列（请使用导入模板中的列名）"), (1, "备注", "未知的列（请使用导入模板中的列名）"),
        (1, "事项名称", "缺少必需的列")]
    assert counts(db) == before


def test_unknown_columns_reject_even_with_good_rows_only(db, center, admin, dept):
    with pytest.raises(ImportRejected):
        _import(db, admin, "items", [ITEM_HEADER + ["备注"], ["A", "B", "BDC"] + [""] * 9], good_rows_only=True)


@pytest.mark.parametrize("rows, message", [([], "文件为空"), ([ITEM_HEADER], "没有数据行")])
def test_empty_files_are_refused(db, center, admin, rows, message):
    with pytest.raises(ValidationFailed) as exc:
        _import(db, admin, "items", rows)
    assert message in exc.value.message


def test_a_zero_byte_file_is_refused(db, center, admin):
    with pytest.raises(ValidationFailed) as exc:
        run_import(db, actor=admin, kind="staff", file_name="s.csv", data=b"")
    assert exc.value.message == "文件为空"


def test_unknown_kind_is_refused(db, center, admin):
    with pytest.raises(ValidationFailed) as exc:
        run_import(db, actor=admin, kind="cases", file_name="x.csv", data=b"a\n1\n")
    assert exc.value.field == "kind"


def test_only_admins_may_import(db, center, dept):
    head = actor_for(make_staff(db, role=Role.DEPT_HEAD, department=dept))
    with pytest.raises(Forbidden):
        run_import(db, actor=head, kind="items", file_name="x.csv", data=csv_bytes([ITEM_HEADER]))


# --- items ---------------------------------------------------------------------------------------------------------

def test_items_from_xlsx_with_materials_dates_and_yes_no(db, center, admin, dept):
    rows = [ITEM_HEADER,
            ["BDC-001", "不动产首次登记", "BDC", "《不动产登记暂行条例》", 30, 5, "受理—审核—登簿", "80元/件", "是",
             dt.date(2025, 12, 1), "申请书；身份证明;权属来源证明\n测绘报告"],
            [110101, "抵押权登记", "BDC", "", "20", "0", "", "", "否", "2025/11/3", ""]]
    report = _import(db, admin, "items", rows)
    assert report.created == {"item": 2}
    first = db.scalar(select(ServiceItem).where(ServiceItem.code == "BDC-001"))
    assert (first.online, first.guide_reviewed_on, first.fees) == (True, dt.date(2025, 12, 1), "80元/件")
    names = list(db.scalars(select(ItemMaterial.name).where(ItemMaterial.item_id == first.id).order_by(ItemMaterial.seq)))
    assert names == ["申请书", "身份证明", "权属来源证明", "测绘报告"]
    second = db.scalar(select(ServiceItem).where(ServiceItem.code == "110101"))
    assert (second.promised_limit_days, second.fees, second.online) == (0, "不收费", False)
    assert db.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "item.create")) == 2


def test_bad_dates_numbers_and_yes_no_values_are_each_reported(db, center, admin, dept):
    make_item(db, department=dept, code="OLD-1")
    rows = [ITEM_HEADER,
            ["A-1", "事项一", "BDC", "", "二十", "5", "", "", "是", "", ""],           # 2 statutory not a number
            ["A-2", "事项二", "BDC", "", "20", "2.5", "", "", "也许", "2025-02-30", ""],  # 3 three problems
            ["A-3", "事项三", "BDC", "", "10", "15", "", "", "", "", ""],              # 4 promise over the law
            ["OLD-1", "事项四", "BDC", "", "", "", "", "", "", "", ""],                # 5 exists already
            ["A-1", "事项五", "XX", "", "", "", "", "", "", "", ""],                   # 6 duplicate, unknown dept
            ["A-6", "事项六", "", "", "", "", "", "", "", "2025年13月1日", ""]]          # 7 no dept, bad date
    before = counts(db)
    with pytest.raises(ImportRejected) as exc:
        _import(db, admin, "items", rows)
    got = [(e.row, e.column) for e in exc.value.errors]
    assert got == [(2, "法定时限(工作日)"), (3, "承诺时限(工作日)"), (3, "可网办"), (3, "指南审核日期"),
                   (4, "承诺时限(工作日)"), (5, "事项编码"), (6, "事项编码"), (6, "科室编码"),
                   (7, "科室编码"), (7, "指南审核日期")]
    reasons = {(e.row, e.column): e.reason for e in exc.value.errors}
    assert reasons[(2, "法定时限(工作日)")] == "法定时限须为整数，“二十”不是整数"
    assert reasons[(3, "可网办")] == "须填“是”或“否”，“也许”无法识别"
    assert reasons[(3, "指南审核日期")] == "日期“2025-02-30”无效，格式应为 YYYY-MM-DD"
    assert reasons[(4, "承诺时限(工作日)")] == "承诺时限不得超过法定时限"
    assert reasons[(5, "事项编码")] == "事项编码已存在：OLD-1"
    assert reasons[(6, "事项编码")] == "事项编码 A-1 与第 2 行重复"
    assert counts(db) == before


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_items_from_csv(db, center, admin, dept, encoding):
    rows = [ITEM_HEADER, ["C-1", "个体工商户登记", "BDC", "", "15", "3", "", "", "否", "2026-01-05", "申请书"]]
    report = _import(db, admin, "items", rows, fmt=encoding)
    assert report.created == {"item": 1}
    assert db.scalar(select(ServiceItem.name).where(ServiceItem.code == "C-1")) == "个体工商户登记"


def test_header_aliases_are_accepted(db, center, admin, dept):
    rows = [["事项编码", "事项名称", "科室编码", "法定时限（工作日）", "可网办(是/否)"], ["Z-1", "某事项", "BDC", 10, "是"]]
    assert _import(db, admin, "items", rows).created == {"item": 1}


# --- staff ---------------------------------------------------------------------------------------------------------

def test_staff_with_chinese_role_labels_windows_and_accounts(db, center, admin, dept):
    _import(db, admin, "org", [ORG_HEADER, ["窗口", "W1", "一号窗口", "BDC", "", "", ""]])
    rows = [STAFF_HEADER,
            ["S001", "张三", "", "W1", "科员", 2, 13800000000, "窗口人员", "zhangsan", "Chushi2025"],
            ["S002", "李四", "BDC", "", "科长", "", "", "dept_head", "", ""],
            ["S003", "王五", "", "", "", "", "", "效能监察", "wangwu", "Chushi2025"]]
    report = _import(db, admin, "staff", rows)
    assert report.created == {"staff": 3}
    zhang = db.scalar(select(Staff).where(Staff.staff_no == "S001"))
    assert (zhang.role, zhang.department_id, zhang.rank, zhang.phone) == ("window_staff", dept.id, 2, "13800000000")
    assert zhang.password_hash and db.scalar(select(Staff.role).where(Staff.staff_no == "S002")) == "dept_head"


def test_staff_errors_roles_ranks_usernames_and_passwords(db, center, admin, dept, admin_staff):
    rows = [STAFF_HEADER,
            ["S001", "张三", "BDC", "", "", "", "", "科员", "", ""],                  # 2 unknown role
            ["S002", "李四", "BDC", "", "", "一级", "", "窗口人员", "", ""],           # 3 bad rank
            ["S003", "王五", "BDC", "", "", "", "", "窗口人员", "lisi", ""],           # 4 account without password
            ["S004", "赵六", "BDC", "", "", "", "", "窗口人员", "zhao", "Pass1234"],   # 5 good
            ["S005", "钱七", "BDC", "", "", "", "", "窗口人员", "zhao", "Pass1234"],   # 6 username repeats row 5
            ["S006", "孙八", "", "", "", "", "", "窗口人员", "", ""],                  # 7 window staff without dept
            ["S007", "周九", "BDC", "", "", "", "", "管理员", admin_staff.username, "Pass1234"]]  # 8 username taken
    with pytest.raises(ImportRejected) as exc:
        _import(db, admin, "staff", rows)
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (2, "角色"), (3, "职级"), (4, "初始密码"), (6, "用户名"), (7, "科室编码"), (8, "用户名")]


def test_templates_have_the_headers_and_read_back_cleanly(db, center, admin):
    for kind, header in (("org", ORG_HEADER), ("items", ITEM_HEADER), ("staff", STAFF_HEADER)):
        table = read_table(f"{kind}.xlsx", template_xlsx(kind))
        assert table.headers == header and table.rows


def test_the_templates_import_as_they_are(db, center, admin):
    for kind in ("org", "items", "staff"):
        report = run_import(db, actor=admin, kind=kind, file_name=f"{kind}.xlsx", data=template_xlsx(kind))
        assert report.skipped == [] and report.total_created >= 1


def test_a_blank_promised_limit_imports_as_not_set_and_0_as_immediate(db, center, admin, dept):
    rows = [ITEM_HEADER,
            ["BDC-101", "变更登记", "BDC", "", 20, "", "", "", "否", "", ""],
            ["BDC-102", "注销登记", "BDC", "", 20, 0, "", "", "否", "", ""]]
    assert _import(db, admin, "items", rows).created == {"item": 2}
    got = dict(db.execute(select(ServiceItem.code, ServiceItem.promised_limit_days)
                          .where(ServiceItem.code.in_(["BDC-101", "BDC-102"]))).all())
    assert got == {"BDC-101": None, "BDC-102": 0}
