"""`xiaoneng demo` on a temporary SQLite file: builds once, is idempotent, prints the accounts, then serves."""

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from xiaoneng.calendar.models import CalendarYear
from xiaoneng.cases.models import Case
from xiaoneng.cli import main
from xiaoneng.config import get_settings
from xiaoneng.db import make_engine, session_scope
from xiaoneng.demo import builder
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Center, Staff


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    monkeypatch.setenv("XIAONENG_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args):
    return CliRunner().invoke(main, ["demo", *args], catch_exceptions=False)


def _counts(url):
    engine = make_engine(url)
    try:
        with session_scope(engine, readonly=True) as s:
            return tuple(s.scalar(select(func.count()).select_from(model)) for model in (Center, Staff, CalendarYear))
    finally:
        engine.dispose()


def test_builds_once_and_prints_the_accounts(database):
    result = _run("--no-serve")
    assert result.exit_code == 0, result.output
    assert "已构建演示数据" in result.output
    assert "http://127.0.0.1:8000" in result.output
    for account in builder.DEMO_ACCOUNTS:
        assert account.username in result.output and account.password in result.output
        assert account.role_label in result.output
    centers, staff, years = _counts(database)
    assert centers == 2 and staff >= 200 and years > 0


def test_second_run_changes_nothing(database):
    _run("--no-serve")
    before = _counts(database)
    result = _run("--no-serve")
    assert result.exit_code == 0
    assert "演示数据已存在" in result.output and "已构建" not in result.output
    assert "staff_scjg" in result.output
    assert _counts(database) == before


def _year(url):
    """The admin's name, the number of cases and the last day a case was received."""
    engine = make_engine(url)
    try:
        with session_scope(engine, readonly=True) as s:
            admin = s.scalar(select(Staff.full_name).where(Staff.username == "admin"))
            received = [at.astimezone(TZ).date() for at in s.scalars(select(Case.received_at))]
            assert s.scalar(select(func.count()).select_from(Center)) == 2
    finally:
        engine.dispose()
    return admin, len(received), max(received)


def test_reset_rebuilds_another_seed_day_and_scale(database, clock):
    _run("--no-serve", "--seed", "1")
    first, cases, last = _year(database)
    assert last == clock.today() - dt.timedelta(days=1)  # the clock's today: the year ends the day before
    result = _run("--no-serve", "--reset", "--seed", "2", "--today", "2026-06-10", "--scale", "2")
    assert result.exit_code == 0 and "已构建演示数据（种子 2，规模 2）" in result.output
    assert "2025-06-10 至 2026-06-09 的办件" in result.output
    second, doubled, last = _year(database)
    assert first != second and last == dt.date(2026, 6, 9)
    assert 1.8 <= doubled / cases <= 2.2


@pytest.mark.parametrize("args, message", [
    (("--today", "2026-13-01"), "--today 须为 YYYY-MM-DD 格式的日期"),
    (("--today", "2040-01-01"), "演示数据只能按 2005-01-31 至"),
    (("--scale", "0"), "--scale 须为不小于 1 的整数"),
])
def test_a_bad_day_or_scale_is_refused_and_nothing_is_built(database, args, message):
    result = CliRunner().invoke(main, ["demo", "--no-serve", *args])
    assert result.exit_code == 2 and message in result.stderr
    engine = make_engine(database)
    try:
        with session_scope(engine, readonly=True) as s:
            assert s.scalar(select(func.count()).select_from(Center)) == 0
    except OperationalError:
        pass  # refused before the database was even created
    finally:
        engine.dispose()


def test_reset_of_postgresql_needs_yes(monkeypatch):
    # Refused before any connection is made, so the address need not exist.
    monkeypatch.setenv("XIAONENG_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["demo", "--reset", "--no-serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "--yes" in result.stderr


def test_serves_after_building_unless_told_not_to(database, monkeypatch):
    calls = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append((app, kw)))
    result = _run()
    assert result.exit_code == 0, result.output
    assert calls == [("xiaoneng.web.app:create_app", calls[0][1])]
    assert calls[0][1]["factory"] is True and calls[0][1]["port"] == 8000
