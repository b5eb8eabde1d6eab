"""`xiaoneng import org|items|staff FILE --center CODE` on a real, migrated SQLite file."""

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.imports.conftest import csv_bytes, xlsx
from tests.imports.test_service import ITEM_HEADER, ORG_HEADER
from xiaoneng.audit.models import AuditRecord
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department, Window


@pytest.fixture
def database(cli_database):
    with session_scope(cli_database) as s:
        org.create_center(s, actor=system_actor(name="setup"), code="GX", name="高新区政务服务中心")
    return cli_database


def _run(*args):
    return CliRunner().invoke(main, ["import", *args], catch_exceptions=False)


def _count(engine, model):
    with session_scope(engine, readonly=True) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_org_then_items_import(database, tmp_path):
    org_file = tmp_path / "org.xlsx"
    org_file.write_bytes(xlsx([ORG_HEADER, ["科室", "BDC", "不动产登记科", "", "", "", ""],
                               ["窗口", "W1", "一号窗口", "BDC", "", "", ""]]))
    result = _run("org", str(org_file), "--center", "GX")
    assert result.exit_code == 0, result.output
    assert "科室 1 条" in result.output and "窗口 1 条" in result.output
    items_file = tmp_path / "items.csv"
    items_file.write_bytes(csv_bytes([ITEM_HEADER, ["I-1", "不动产首次登记", "BDC", "", "30", "5", "", "", "是", "",
                                                    "申请书；身份证明"]], "gb18030"))
    result = _run("items", str(items_file), "--center", "GX")
    assert result.exit_code == 0, result.output
    assert "服务事项 1 条" in result.output
    with session_scope(database, readonly=True) as s:
        assert s.scalar(select(Window.code)) == "W1"
        assert s.scalar(select(ServiceItem.name)) == "不动产首次登记"
        runs = list(s.scalars(select(AuditRecord).where(AuditRecord.action == "import.run")))
        assert [r.operator for r in runs] == ["cli", "cli"]


def test_rejected_file_prints_every_bad_row_and_changes_nothing(database, tmp_path):
    path = tmp_path / "org.xlsx"
    path.write_bytes(xlsx([ORG_HEADER, ["科室", "BDC", "不动产登记科", "", "", "", ""],
                           ["窗口", "W1", "一号窗口", "NOPE", "", "", ""],
                           ["科室", "BDC", "重复", "", "", "", ""]]))
    audit_before = _count(database, AuditRecord)
    result = CliRunner().invoke(main, ["import", "org", str(path), "--center", "GX"])
    assert result.exit_code == 1
    assert "第3行\t上级编码\t科室编码 NOPE 不存在" in result.output
    assert "第4行\t编码\t科室编码 BDC 与第 2 行重复" in result.output
    assert _count(database, Department) == 0 and _count(database, AuditRecord) == audit_before


def test_good_rows_only_option(database, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes([ORG_HEADER, ["科室", "BDC", "不动产登记科", "", "", "", ""],
                                ["窗口", "W1", "", "BDC", "", "", ""]]))
    result = _run("org", str(path), "--center", "GX", "--good-rows-only")
    assert result.exit_code == 0, result.output
    assert "跳过 1 行" in result.output and "第3行\t名称\t名称不能为空" in result.output
    assert _count(database, Department) == 1 and _count(database, Window) == 0


def test_unknown_center_fails(database, tmp_path):
    path = tmp_path / "org.csv"
    path.write_bytes(csv_bytes([ORG_HEADER, ["科室", "BDC", "不动产登记科", "", "", "", ""]]))
    result = CliRunner().invoke(main, ["import", "org", str(path), "--center", "NOPE"])
    assert result.exit_code == 1 and "中心 NOPE 不存在" in result.output


@pytest.mark.parametrize("setting, value, words", [
    ("XIAONENG_IMPORT_MAX_UPLOAD_BYTES", "1024", "文件超过 1 KB 的上限"),
    ("XIAONENG_IMPORT_MAX_ROWS", "1", "超过 1 行的上限"),
])
def test_a_file_past_the_limits_is_refused_and_nothing_imported(database, tmp_path, monkeypatch, setting, value, words):
    from xiaoneng.config import get_settings

    monkeypatch.setenv(setting, value)
    get_settings.cache_clear()
    path = tmp_path / "items.csv"
    path.write_bytes(csv_bytes([ITEM_HEADER] + [[f"P-{i}", "事项", "BDC", "", "20", "5", "", "", "是", "", "x" * 600]
                                                for i in range(2)]))
    result = CliRunner().invoke(main, ["import", "items", str(path), "--center", "GX"])
    assert result.exit_code == 1 and words in result.output, result.output
    assert _count(database, ServiceItem) == 0
