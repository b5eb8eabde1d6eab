"""The demo district with its whole year (cases, ratings, the loop, duty, complaints, inspections) at a low volume of
cases, built once for the package's tests in a transaction rolled back at the end; the reports' files under a
temporary var dir."""

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.demo import builder
from xiaoneng.org.models import Center

SEED = 20261123
TODAY = DEFAULT_NOW.date()
CASES_PER_DAY = 16


@pytest.fixture(scope="package")
def year(engine):
    with engine.connect() as conn:
        trans = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            builder.build(session, seed=SEED, today=TODAY, cases_per_day=CASES_PER_DAY)
            session.flush()
            center = session.scalar(select(Center).where(Center.code == builder.CENTER_CODE))
            yield {"db": session, "center": center, "connection": conn}
        finally:
            session.close()
            trans.rollback()


@pytest.fixture
def db(year):
    """The shared build; a test that changes something does so in a savepoint rolled back afterwards."""
    session = year["db"]
    nested = session.begin_nested()
    yield session
    if nested.is_active:
        nested.rollback()


@pytest.fixture
def sessions(year, db):
    """The web app's sessions, joined to the shared build (inside the test's savepoint)."""
    return sessionmaker(bind=year["connection"], join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def center(year):
    return year["center"]


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    from xiaoneng.config import get_settings

    monkeypatch.setenv("XIAONENG_SECRET_KEY", get_settings().secret_key)
    monkeypatch.setenv("XIAONENG_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


@pytest.fixture(scope="package")
def october(year):
    """The report of 2026-10 composed once (the month whose 1st-8th are the National Day holiday)."""
    from xiaoneng.reports import content, rules

    return content.compose(year["db"], center=year["center"], period=rules.parse_month("2026-10"),
                           today=TODAY)


@pytest.fixture(scope="package")
def october_files(october):
    from xiaoneng.reports import service

    return service.render(october)


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
