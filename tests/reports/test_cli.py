"""`xiaoneng report monthly|annual`: the three files written for a month and a year of a small demo database; an
unknown center, a bad month or year, a month without data refused in Chinese with exit code 1 and nothing written."""

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.cli import main
from xiaoneng.demo import builder
from xiaoneng.demo.cases_year import add_cases_and_ratings


@pytest.fixture
def small_demo(cli_database):
    """A migrated file database with the organisation and a thin year of cases and ratings, committed."""
    with Session(cli_database) as session:
        builder.build(session, seed=7, today=DEFAULT_NOW.date(), cases_per_day=3,
                      steps=[*builder.ORGANISATION_STEPS, add_cases_and_ratings])
        session.commit()
    return cli_database


def test_monthly_and_annual_write_the_three_files(small_demo, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["report", "monthly", "--center", "DEMO", "--month", "2026-10",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"DEMO_政务服务月报_2026-10.{ext}" for ext in ("docx", "pdf", "xlsx")]
    assert all((out / n).stat().st_size > 5000 for n in names)
    assert "锦城新区政务服务中心政务服务月报（2026年10月）" in result.output
    result = CliRunner().invoke(main, ["report", "annual", "--center", "DEMO", "--year", "2026", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "DEMO_政务服务年度报告_2026.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("args", "message"), [
    (["monthly", "--center", "NOPE", "--month", "2026-10"], "错误（center）：中心 NOPE 不存在"),
    (["monthly", "--center", "DEMO", "--month", "2026-13"], "错误（period）：月份格式应为 YYYY-MM，如 2026-10"),
    (["monthly", "--center", "DEMO", "--month", "2024-05"],
     "错误（period）：锦城新区政务服务中心2024年5月没有办件和评价数据，不能生成报告"),
    (["monthly", "--center", "DEMO", "--month", "2027-05"], "错误（period）：2027年5月尚未开始，不能生成报告"),
    (["annual", "--center", "DEMO", "--year", "26"], "错误（period）：年份格式应为 YYYY，如 2026"),
    (["annual", "--center", "DEMO-JY", "--year", "2026"],
     "错误（period）：锦城新区公共资源交易中心2026年没有办件和评价数据，不能生成报告"),
])
def test_refusals_write_nothing(cli_database, tmp_path, args, message):
    with Session(cli_database) as session:
        builder.build(session, seed=7, today=DEFAULT_NOW.date(), steps=[builder.add_centers])
        session.commit()
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["report", *args, "--output", str(out)])
    assert result.exit_code == 1
    assert message in result.output
    assert not out.exists()
