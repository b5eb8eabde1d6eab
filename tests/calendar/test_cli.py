"""`xiaoneng calendar` on a real database file: single dates, bulk CSV, notice import."""

import csv

import pytest
from click.testing import CliRunner

from tests.calendar.notices import NOTICE_2027
from xiaoneng.cli import main
from xiaoneng.config import get_settings


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("XIAONENG_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    runner = CliRunner()

    def _run(*args, input=None):
        return runner.invoke(main, ["calendar", *args], input=input, catch_exceptions=False)

    yield _run
    get_settings.cache_clear()


def test_empty_database_is_migrated_and_seeded(run):
    result = run("is-workday", "2024-10-12")
    assert result.exit_code == 0
    assert result.stdout.startswith("是") and "国庆节调休上班" in result.stdout
    assert "已从 chinesecalendar" in result.stderr
    result = run("is-workday", "2024-10-03")
    assert result.stdout.startswith("否") and "国庆节" in result.stdout
    assert "已从" not in result.stderr


def test_add_workdays_prints_due_date_last(run):
    result = run("add-workdays", "2025-01-27", "1")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == "2025-02-05"


def test_provisional_warning_goes_to_stderr(run):
    result = run("add-workdays", "2026-12-30", "3")
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines()[-1] == "2027-01-05"
    assert "待核定" in result.stderr and "待核定" not in result.stdout


@pytest.mark.parametrize("args, fragment", [
    (("add-workdays", "2028-03-01", "1"), "2028年的放假安排尚未公布"),
    (("add-workdays", "2025-02-30", "1"), "YYYY-MM-DD"),
    (("add-workdays", "2025-02-03", "x"), "整数"),
    (("is-workday", "2029-01-01"), "2029年的放假安排尚未公布"),
])
def test_errors_exit_2(run, args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.stderr


def test_bulk_csv(run, tmp_path):
    src, out = tmp_path / "pairs.csv", tmp_path / "due.csv"
    src.write_text("start,n\n2024-09-30,1\n2025-01-27,4\n2026-02-14,1\n2026-12-30,3\n2025-03-03,0\n", encoding="utf-8")
    result = run("add-workdays", "--input", str(src), "--output", str(out))
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["due"] for r in rows] == ["2024-10-08", "2025-02-08", "2026-02-24", "2027-01-05", "2025-03-03"]
    assert rows[0] == {"start": "2024-09-30", "n": "1", "due": "2024-10-08"}
    assert "5 条" in result.stderr and "1 条在2027年，待核定" in result.stderr


def test_bulk_csv_with_bad_rows_writes_nothing(run, tmp_path):
    src, out = tmp_path / "pairs.csv", tmp_path / "due.csv"
    src.write_text("start,n\n2024-09-30,1\n2024-02-30,1\n2025-01-27,-1\n2025-01-27,abc\n", encoding="utf-8")
    result = run("add-workdays", "--input", str(src), "--output", str(out))
    assert result.exit_code == 2
    assert "第3行 start" in result.stderr and "第4行 n" in result.stderr and "第5行 n" in result.stderr
    assert not out.exists()


def test_bulk_csv_beyond_provisional_year(run, tmp_path):
    src, out = tmp_path / "pairs.csv", tmp_path / "due.csv"
    src.write_text("start,n\n2024-09-30,1\n2028-01-05,1\n", encoding="utf-8")
    result = run("add-workdays", "--input", str(src), "--output", str(out))
    assert result.exit_code == 2 and "第 3 行" in result.stderr
    assert not out.exists()


def test_import_notice_asks_then_saves(run, tmp_path):
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    declined = run("import-notice", str(notice), input="n\n")
    assert "春节：放假 2027-02-05 至 2027-02-13，共9天，与通知一致" in declined.stdout
    assert "未保存" in declined.stdout
    assert run("add-workdays", "2027-02-12", "1").stdout.strip().splitlines()[-1] == "2027-02-15"

    saved = run("import-notice", str(notice), "--yes")
    assert saved.exit_code == 0 and "已保存2027年" in saved.stdout
    after = run("add-workdays", "2027-02-12", "1")
    assert after.stdout.strip().splitlines()[-1] == "2027-02-14"
    assert "待核定" not in after.stderr
    assert run("add-workdays", "2028-03-01", "1").exit_code == 0


def test_import_notice_for_a_far_year_is_refused(run, tmp_path):
    notice = tmp_path / "2030.txt"
    notice.write_text(NOTICE_2027.replace("2027年", "2030年"), encoding="utf-8")
    result = run("import-notice", str(notice), "--yes")
    assert result.exit_code == 2 and "2030年不能录入" in result.stderr
