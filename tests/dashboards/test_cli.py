"""`xiaoneng dashboards rollup`: counts the days into the rollup; a bad day or an unknown center is refused."""

from click.testing import CliRunner

from tests.fixtures.objects import make_center
from xiaoneng.cli import main
from xiaoneng.db import session_scope


def test_rollup_command_and_its_refusals(cli_database):
    with session_scope(cli_database) as session:
        make_center(session)
    runner = CliRunner()
    done = runner.invoke(main, ["dashboards", "rollup"])
    assert done.exit_code == 0, done.output
    assert "首页看板已汇总至昨天" in done.output and "0 天的数字有变化" in done.output
    bad = runner.invoke(main, ["dashboards", "rollup", "--from", "2026-13-01"])
    assert bad.exit_code == 1 and "起始日期须为 YYYY-MM-DD 格式的日期" in bad.output
    unknown = runner.invoke(main, ["dashboards", "rollup", "--center", "NOPE"])
    assert unknown.exit_code == 1 and "中心 NOPE 不存在" in unknown.output
