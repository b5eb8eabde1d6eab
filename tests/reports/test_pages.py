"""The reports' pages: the list with its form, the preview with its chart images and tables, producing a report,
its page and downloads (audited), the list's XLSX; refused input in Chinese; department heads see none of it."""

import io

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.reports.models import Report


@pytest.fixture
def supervisor(db, center):
    return make_staff(db, role=Role.SUPERVISOR, center=center)


def test_preview_produce_and_download(db, center, supervisor, sign_in, var_dir):
    browser = sign_in(supervisor)
    page = browser.page("/reports")
    assert page.status_code == 200 and "政务服务报告" in page.text and 'name="month"' in page.text
    preview = browser.page("/reports/preview?kind=month&month=2026-10&year=2026")
    assert preview.status_code == 200
    text = preview.text
    assert "预览：锦城新区政务服务中心政务服务月报（2026年10月）" in text and "二、满意度分析" in text
    assert "各部门评价数（按评价日期，评价数含默认好评）" in text and "数据表" in text
    assert "style=" not in text and "<script>" not in text
    charts = [part.split('"')[0] for part in text.split('src="')[1:] if part.startswith("/reports/preview/")]
    assert len(charts) >= 6
    image = browser.get(charts[0])
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")

    produced = browser.submit("/reports/produce", {"kind": "month", "month": "2026-10", "year": ""})
    assert produced.status_code == 303
    report = db.scalar(select(Report).order_by(Report.id.desc()))
    assert produced.headers["location"] == f"/reports/{report.id}" and report.version == 1
    detail = browser.page(produced.headers["location"])
    assert "政务服务月报（2026年10月）" in detail.text and "下载PDF" in detail.text and "主要情况" in detail.text
    assert f"/reports/{report.id}/charts/" in detail.text
    pdf = browser.get(f"/reports/{report.id}/file.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "DEMO_%E6%94%BF%E5%8A%A1" in pdf.headers["content-disposition"]
    xlsx = browser.get(f"/reports/{report.id}/file.xlsx")
    from openpyxl import load_workbook

    assert "部门评价" in load_workbook(io.BytesIO(xlsx.content), read_only=True).sheetnames
    actions = set(db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "report")))
    assert {"report.produce", "export.pdf", "export.xlsx"} <= actions
    listed = browser.page("/reports")
    assert f"/reports/{report.id}" in listed.text and "手动生成" in listed.text
    export = browser.get("/reports/export.xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("报告", "统计期间") and rows[2][1] == "2026年10月"


@pytest.mark.parametrize(("query", "message"), [
    ("kind=month&month=2026-13", "月份格式应为 YYYY-MM，如 2026-10"),
    ("kind=month&month=2024-03", "锦城新区政务服务中心2024年3月没有办件和评价数据，不能生成报告"),
    ("kind=year&year=abc", "年份格式应为 YYYY，如 2026"),
    ("kind=week&month=2026-10", "请选择月报或年报"),
])
def test_bad_input_is_answered_in_chinese_beside_the_field(db, supervisor, sign_in, query, message):
    page = sign_in(supervisor).page(f"/reports/preview?{query}")
    assert page.status_code == 422 and message in page.text and 'id="report-form"' in page.text


def test_a_file_changed_on_disk_is_refused(db, center, supervisor, sign_in, var_dir):
    browser = sign_in(supervisor)
    browser.page("/reports")
    browser.submit("/reports/produce", {"kind": "month", "month": "2026-09"})
    report = db.scalar(select(Report).order_by(Report.id.desc()))
    (var_dir / report.files["pdf"]["path"]).write_bytes(b"%PDF-1.4 changed")
    response = browser.get(f"/reports/{report.id}/file.pdf")
    assert response.status_code == 422 and "校验值不符" in response.text


def test_department_heads_and_window_staff_see_no_reports(db, center, sign_in):
    from xiaoneng.org.models import Department

    department = db.scalar(select(Department).where(Department.center_id == center.id).limit(1))
    for role in (Role.DEPT_HEAD, Role.WINDOW_STAFF):
        browser = sign_in(make_staff(db, role=role, center=center, department=department))
        assert browser.page("/reports").status_code == 403
        assert browser.page("/reports/preview?kind=month&month=2026-10").status_code == 403
        assert 'href="/reports"' not in browser.page("/").text


def test_the_director_finds_the_reports_in_the_menu(db, center, sign_in):
    browser = sign_in(make_staff(db, role=Role.DIRECTOR, center=center))
    assert 'href="/reports"' in browser.page("/").text
    assert browser.page("/reports").status_code == 200


def test_the_list_filters_searches_and_sorts(db, center, supervisor, sign_in, var_dir):
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.reports import content, rules, service

    for period in (rules.parse_month("2026-08"), rules.parse_month("2026-09"), rules.parse_year("2026")):
        made = content.compose(db, center=center, period=period, today=rules.parse_month("2026-11").start,
                               only={"loop"})
        service.produce(db, actor=system_actor(center.id), center=center, made=made, scheduled=period.key == "2026-09")
    browser = sign_in(supervisor)

    def listed(query: str) -> list[str]:
        page = browser.page(f"/reports?{query}")
        assert page.status_code == 200
        return [part.split("<")[0] for part in page.text.split('">')[1:] if part.startswith(("2026年",))]

    assert listed("") == ["2026年9月", "2026年8月", "2026年"]  # by the period's first day, latest first
    assert listed("sort=period&order=asc") == ["2026年", "2026年8月", "2026年9月"]
    assert listed("type=year") == ["2026年"]
    assert listed("how=job") == ["2026年9月"]
    assert listed("q=2026-08") == ["2026年8月"]
    assert listed("of=2025") == []
    assert browser.page("/reports?type=week").status_code == 422
