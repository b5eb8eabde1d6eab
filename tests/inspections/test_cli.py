"""`xiaoneng inspections plan --month YYYY-MM --output plan.csv`: one row per visit; a month that cannot be planned
is refused with its reasons on stderr and nothing stored."""

import csv

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.inspections.conftest import build_world
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.inspections import setup
from xiaoneng.inspections.models import Plan, Visit
from xiaoneng.org.models import ServicePointType as T


def test_the_plan_of_a_month_as_csv(cli_database, tmp_path):
    with session_scope(cli_database) as s:
        world = build_world(s)
        codes = {p.code: p.point_type for p in world.points}
    out = tmp_path / "plan.csv"
    result = CliRunner().invoke(main, ["inspections", "plan", "--month", "2026-10", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "已排定2026年10月巡查计划：最优" in result.output and str(out) in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == ["date", "point_code", "point_type", "inspector", "indicator_codes", "person_days"]
    assert {r["point_code"] for r in rows} == set(codes)
    assert all(codes[r["point_code"]] == r["point_type"] for r in rows)
    assert all(not "2026-10-01" <= r["date"] <= "2026-10-07" for r in rows)  # National Day
    hall = [r for r in rows if r["point_code"] == "HALL-A"]
    assert sum(float(r["person_days"]) for r in hall) == 6 and "A09" in hall[0]["indicator_codes"].split(";")
    assert {r["inspector"] for r in rows} <= {"赵敏", "钱进"}
    with session_scope(cli_database) as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == len(rows)


def test_a_month_too_small_for_its_points_is_refused(cli_database, tmp_path):
    with session_scope(cli_database) as s:
        world = build_world(s)
        setup.update_budget(s, actor=world.actor, point_type=T.STREET_CENTER, person_days_a_month="0",
                            visit_days="1")
    out = tmp_path / "plan.csv"
    result = CliRunner().invoke(main, ["inspections", "plan", "--month", "2026-11", "--output", str(out)])
    assert result.exit_code == 1 and "街道综合便民服务中心未设置每月人天" in result.output
    assert not out.exists()
    with session_scope(cli_database) as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == 0
    bad = CliRunner().invoke(main, ["inspections", "plan", "--month", "11/2026", "--output", str(out)])
    assert bad.exit_code == 1 and "月份格式应为 YYYY-MM" in bad.output
