"""Reports and dashboards read the PostgreSQL replica of XIAONENG_READ_DATABASE_URL; exports read the primary; a
replica that cannot be used is refused at start, in Chinese.

The tests that need a replica run when XIAONENG_TEST_READ_DATABASE_URL names the streaming standby of the cluster
of XIAONENG_TEST_DATABASE_URL (CI starts one with pg_basebackup -R); they are skipped with a notice otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
import types

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tests.disclosure.data import make_hall, make_rating_row
from tests.fixtures.waiting import wait_until
from xiaoneng import db as xdb
from xiaoneng import migrate
from xiaoneng.config import Settings, get_settings
from xiaoneng.org.models import Center
from xiaoneng.rankings import service as rankings
from xiaoneng.read_replica import ReadReplicaRefused
from xiaoneng.web.app import create_app
from xiaoneng.web.deps import fresh_read_sessions, read_sessions

SECRET = "t" * 40
NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/xiaoneng"  # nothing listens on port 1
DAY = dt.date(2026, 3, 10)


def _refusal(read_url: str, primary_url: str) -> str:
    primary = create_engine(primary_url)  # never connected to before the replica has been reached
    try:
        with pytest.raises(ReadReplicaRefused) as refused:
            xdb.make_read_engine(read_url, primary)
    finally:
        primary.dispose()
    return refused.value.message


def test_a_replica_that_is_not_postgresql_is_refused():
    message = _refusal("sqlite:////tmp/replica.db", NOWHERE)
    assert "XIAONENG_READ_DATABASE_URL 须为 PostgreSQL 只读副本的地址" in message and "sqlite" in message


def test_a_replica_of_a_sqlite_primary_is_refused(tmp_path):
    message = _refusal(NOWHERE, f"sqlite:///{tmp_path / 'primary.db'}")
    assert "主库（XIAONENG_DATABASE_URL）是 sqlite 数据库" in message and "请去掉 XIAONENG_READ_DATABASE_URL" in message


def test_the_primary_named_as_its_own_replica_is_refused():
    assert "与主库是同一个数据库（127.0.0.1:1/xiaoneng）" in _refusal(NOWHERE, NOWHERE)


def test_an_unreachable_replica_is_refused_naming_its_address():
    message = _refusal(NOWHERE, "postgresql+psycopg://postgres@127.0.0.1:2/xiaoneng")
    assert message.startswith("无法连接只读副本 127.0.0.1:1/xiaoneng（XIAONENG_READ_DATABASE_URL）：")


def test_the_application_does_not_start_on_a_refused_replica(tmp_path):
    settings = Settings(env="test", secret_key=SECRET, database_url=f"sqlite:///{tmp_path / 'p.db'}",
                        read_database_url=NOWHERE)
    with pytest.raises(ReadReplicaRefused):
        create_app(settings, engine=xdb.make_engine(settings.database_url))


def test_serve_refuses_a_replica_in_chinese(tmp_path, monkeypatch):
    from xiaoneng.server import serve

    monkeypatch.setenv("XIAONENG_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("XIAONENG_READ_DATABASE_URL", "sqlite:///elsewhere.db")
    _clear_caches()
    try:
        result = CliRunner().invoke(serve, [])
    finally:
        monkeypatch.delenv("XIAONENG_READ_DATABASE_URL")
        _clear_caches()
    assert result.exit_code == 2
    assert "错误：XIAONENG_READ_DATABASE_URL 须为 PostgreSQL 只读副本的地址" in result.output


def test_without_a_replica_every_read_is_the_primarys(engine):
    app = create_app(Settings(env="test", secret_key=SECRET, run_jobs_in_server=False), engine=engine)
    request = types.SimpleNamespace(app=app)
    assert app.state.read_engine is None
    assert read_sessions(request) is fresh_read_sessions(request)
    assert read_sessions(request).kw["bind"].pool is engine.pool  # the primary engine, read-only


def test_pages_read_the_read_engine_and_exports_the_primary(engine, tmp_path):
    from xiaoneng.web import downloads

    replica = xdb.make_engine(f"sqlite:///{tmp_path / 'replica.db'}")  # given as checked: routing only
    app = create_app(Settings(env="test", secret_key=SECRET, run_jobs_in_server=False), engine=engine,
                     read_engine=replica)
    request = types.SimpleNamespace(app=app)
    try:
        assert read_sessions(request).kw["bind"].pool is replica.pool
        assert fresh_read_sessions(request).kw["bind"].pool is engine.pool
        assert downloads._readers(request, replica=False) is fresh_read_sessions(request)  # lists, documents
        assert downloads._readers(request, replica=True) is read_sessions(request)  # a report's figures
    finally:
        replica.dispose()


def test_a_database_that_is_not_a_standby_is_refused(postgres_url):
    primary = os.environ["XIAONENG_TEST_DATABASE_URL"]
    migrate.upgrade(postgres_url)
    assert "不是只读副本（未处于恢复状态" in _refusal(postgres_url, primary)


# With a streaming replica


def _clear_caches() -> None:
    get_settings.cache_clear()
    xdb.get_engine.cache_clear()
    xdb.get_read_engine.cache_clear()


@pytest.fixture
def replica_pair(postgres_url):
    """(primary URL, replica URL) of a fresh migrated database: the standby replays its creation."""
    replica_server = os.environ.get("XIAONENG_TEST_READ_DATABASE_URL", "")
    if not replica_server:
        pytest.skip("needs a streaming replica of the test cluster (XIAONENG_TEST_READ_DATABASE_URL, as .ci/run "
                    "starts one)")
    migrate.upgrade(postgres_url)
    replica_url = make_url(replica_server).set(database=make_url(postgres_url).database)
    return postgres_url, replica_url.render_as_string(hide_password=False)


def _caught_up(primary, replica) -> None:
    """Wait until the replica has replayed everything the primary has flushed."""
    with primary.connect() as conn:
        lsn = conn.execute(text("SELECT pg_current_wal_flush_lsn()")).scalar_one()
    with replica.connect() as conn:
        assert wait_until(lambda: conn.execute(text("SELECT pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn)"),
                                               {"lsn": lsn}).scalar_one(), seconds=30)


def _ranking_figures(session, center_id: int) -> list[tuple]:
    from xiaoneng.kit.scope import system_actor

    ranking = rankings.rank(session, actor=system_actor(center_id), start=dt.date(2026, 3, 1),
                            end=dt.date(2026, 3, 31))
    return [(r.stats.key, r.stats.name, r.stats.ratings, r.stats.bad, r.score, r.rank) for r in ranking.rows]


def test_reports_and_dashboards_read_the_replica_and_see_the_primarys_figures(replica_pair):
    primary_url, replica_url = replica_pair
    primary = xdb.make_engine(primary_url)
    app = create_app(Settings(env="test", secret_key=SECRET, run_jobs_in_server=False, database_url=primary_url,
                              read_database_url=replica_url), engine=primary)
    request = types.SimpleNamespace(app=app)
    try:
        with xdb.session_scope(primary) as session:
            hall = make_hall(session)
            for level, department in ((5, hall.dept_a), (4, hall.dept_a), (1, hall.dept_b), (5, hall.dept_b)):
                make_rating_row(session, department=department, level=level, rated_on=DAY)
            center_id = hall.center.id
            session.get(Center, center_id).name = "副本核对中心"
        _caught_up(primary, app.state.read_engine)
        with read_sessions(request)() as replica_side, fresh_read_sessions(request)() as primary_side:
            assert replica_side.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is True
            assert primary_side.execute(text("SELECT pg_is_in_recovery()")).scalar_one() is False
            assert replica_side.scalar(select(Center.name).where(Center.id == center_id)) == "副本核对中心"
            figures = _ranking_figures(replica_side, center_id)
            assert figures == _ranking_figures(primary_side, center_id)
            assert sorted(f[2] for f in figures) == [2, 2]  # two ratings in each department
    finally:
        app.state.read_engine.dispose()
        primary.dispose()


def test_cli_reads_go_to_the_replica_unless_they_must_be_fresh(replica_pair, monkeypatch):
    primary_url, replica_url = replica_pair
    monkeypatch.setenv("XIAONENG_DATABASE_URL", primary_url)
    monkeypatch.setenv("XIAONENG_READ_DATABASE_URL", replica_url)
    _clear_caches()
    try:
        recovering = text("SELECT pg_is_in_recovery()")
        with xdb.session_scope(readonly=True) as session:
            assert session.execute(recovering).scalar_one() is True
        with xdb.report_session_scope() as session:
            assert session.execute(recovering).scalar_one() is True
        with xdb.session_scope(readonly=True, fresh=True) as session:
            assert session.execute(recovering).scalar_one() is False
        with xdb.session_scope() as session:  # writes are the primary's
            assert session.execute(recovering).scalar_one() is False
    finally:
        for cached in (xdb.get_read_engine, xdb.get_engine):
            if cached.cache_info().currsize:
                engine = cached()
                if engine is not None:
                    engine.dispose()
        monkeypatch.delenv("XIAONENG_READ_DATABASE_URL")
        _clear_caches()


def test_another_database_of_the_standby_is_refused(replica_pair):
    primary_url, replica_url = replica_pair
    other = make_url(replica_url).set(database="postgres").render_as_string(hide_password=False)
    assert "上没有本平台的数据库（缺少 alembic_version 表）" in _refusal(other, primary_url)
