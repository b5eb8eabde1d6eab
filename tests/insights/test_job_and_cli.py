"""The monthly job computes last month once; `xiaoneng insights compute|backtest` with their refusals in Chinese;
the interval's coverage on the 问政 messages of ../shared/data when they are there."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.insights.data import PERIOD, risen_hall
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.insights import repository as repo
from xiaoneng.insights import service
from xiaoneng.jobs.registry import find, resolve
from xiaoneng.kit import clock

HOT = Path(__file__).resolve().parents[3] / "shared" / "data" / "tipdm2020_c" / "attachment3_hot_messages.csv"


def test_the_job_computes_last_month_once(db):
    hall = risen_hall(db)
    job = find("insights_monthly")
    assert resolve(job.target) is service.monthly and job.interval_seconds == 24 * 3600
    assert service.monthly(db, today=clock.today()) >= 1
    topics = repo.find_run(db, center_id=hall.center.id, kind="topics", start=PERIOD[0], end=PERIOD[1])
    found = repo.find_run(db, center_id=hall.center.id, kind="warnings", start=PERIOD[0], end=PERIOD[1])
    assert topics is not None and found is not None and found.detail["warnings"] >= 4
    assert service.monthly(db, today=clock.today()) == 0  # the next day's slot: already computed
    assert repo.find_run(db, center_id=hall.center.id, kind="topics", start=PERIOD[0], end=PERIOD[1]).id == topics.id


def test_compute_and_backtest_commands(cli_database):
    with session_scope(cli_database) as session:
        risen_hall(session)
    result = CliRunner().invoke(main, ["insights", "compute", "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    assert "话题" in result.output and "预警 部门“不动产登记科”2026年10月差评率显著上升" in result.output
    result = CliRunner().invoke(main, ["insights", "backtest", "--end", "2026-10"])
    assert result.exit_code == 0, result.output
    assert "各部门每月文本量" in result.output and "覆盖率" in result.output


@pytest.mark.parametrize("args, message", [
    ([], "请用 --month"),
    (["--month", "2026-13"], "月份应为 YYYY-MM"),
    (["--month", "2026-11"], "统计期间须在今天之前结束"),
    (["--start", "2026-10-09", "--end", "2026-10-01"], "结束日期不能早于开始日期"),
    (["--month", "2026-10", "--center", "NOPE"], "中心 NOPE 不存在"),
])
def test_bad_input_is_refused_in_chinese(cli_database, args, message):
    with session_scope(cli_database) as session:
        risen_hall(session)
    result = CliRunner().invoke(main, ["insights", "compute", *args])
    assert result.exit_code == 1 and message in result.output, result.output


def test_backtest_of_a_file_without_the_columns(tmp_path):
    source = tmp_path / "留言.csv"
    source.write_text("主题,内容\n排队,排队太久\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["insights", "backtest", "--input", str(source)])
    assert result.exit_code == 1 and "文件中没有“留言详情”列" in result.output


def test_weekly_interval_coverage_on_the_hot_messages():
    if not HOT.is_file():
        pytest.skip(f"needs {HOT} (../shared/data is not in a user's clone)")
    from xiaoneng.insights import backtest

    coverage = backtest.file_coverage(HOT, text_column="留言详情", time_column="留言时间", by="week", first=12)
    # Measured 82.1% over 14 topics × 42 weeks: an 80% interval should hold about four in five.
    assert coverage.forecasts >= 300
    assert 0.72 <= coverage.rate <= 0.90
