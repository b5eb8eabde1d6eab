"""`xiaoneng complaints import FILE` and `xiaoneng complaints export --month YYYY-MM --output FILE.csv`."""

import csv

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.complaints.hotline_files import GOOD, csv_bytes
from tests.fixtures.objects import make_center, make_department
from xiaoneng.cli import main
from xiaoneng.complaints.models import Complaint
from xiaoneng.db import session_scope


def _center(engine):
    with session_scope(engine) as s:
        center = make_center(s, code="JC")
        make_department(s, center=center, name="区不动产登记中心", code="BDC")
        make_department(s, center=center, name="区市场监督管理局", code="SCJG")


def test_import_then_export_a_month(cli_database, tmp_path):
    _center(cli_database)
    source = tmp_path / "12345工单.csv"
    source.write_bytes(csv_bytes(GOOD))
    result = CliRunner().invoke(main, ["complaints", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "4 行，新增 4 件（2026-11-16 至 2026-11-17），已分派 2 件，待分派 1 件，重复并入 1 件" in result.output
    out = tmp_path / "2026-11.csv"
    result = CliRunner().invoke(main, ["complaints", "export", "--month", "2026-11", "--output", str(out)])
    assert result.exit_code == 0 and "的投诉 4 件" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["number", "channel", "type", "received_on", "due_on", "department", "status"]
    assert rows[0] == {"number": "TS202611160001", "channel": "12345热线", "type": "投诉", "received_on": "2026-11-16",
                       "due_on": "2026-12-03", "department": "区不动产登记中心", "status": "待签收"}
    assert [r["status"] for r in rows] == ["待签收", "待签收", "待分派", "已合并"]
    empty = tmp_path / "2026-10.csv"
    CliRunner().invoke(main, ["complaints", "export", "--month", "2026-10", "--output", str(empty)])
    assert empty.read_text(encoding="utf-8-sig").strip() == "number,channel,type,received_on,due_on,department,status"


def test_bad_input_from_the_command_line(cli_database, tmp_path):
    _center(cli_database)
    bad = [row[:] for row in GOOD]
    bad[1][4] = "抱怨"
    source = tmp_path / "bad.csv"
    source.write_bytes(csv_bytes(bad))
    result = CliRunner().invoke(main, ["complaints", "import", str(source)])
    assert result.exit_code == 1 and "第4行\t诉求类型\t诉求类型“抱怨”不正确" in result.output
    result = CliRunner().invoke(main, ["complaints", "import", str(source), "--map", "nonsense=列"])
    assert result.exit_code == 2 and "列对应应为 字段=文件中的列名" in result.output
    result = CliRunner().invoke(main, ["complaints", "export", "--month", "2026/11", "--output", str(tmp_path / "x")])
    assert result.exit_code == 1 and "月份格式应为 YYYY-MM" in result.output
    with session_scope(cli_database, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0
