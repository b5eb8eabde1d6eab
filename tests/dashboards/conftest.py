"""A small demo year (a few cases a working day, with complaints and inspections) built once per module into a
rolled-back transaction; the web fixtures (app, sign_in) share it through `sessions`."""

from types import SimpleNamespace

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.auth.service import actor_for
from xiaoneng.demo import builder
from xiaoneng.demo.cases_year import add_cases_and_ratings
from xiaoneng.demo.complaints_year import add_complaints_year
from xiaoneng.demo.inspections_year import add_inspections_year
from xiaoneng.org.models import Center, Staff

SEED = 20261123
SMALL = 12  # cases a working day
TODAY = DEFAULT_NOW.date()
STEPS = [*builder.ORGANISATION_STEPS, add_cases_and_ratings, add_complaints_year, add_inspections_year]


@pytest.fixture(scope="module")
def year(engine):
    with engine.connect() as conn:
        trans = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            builder.build(session, seed=SEED, today=TODAY, cases_per_day=SMALL, steps=STEPS)
            session.flush()
            center = session.scalar(select(Center).where(Center.code == builder.CENTER_CODE))
            yield SimpleNamespace(conn=conn, session=session, center=center)
        finally:
            session.close()
            trans.rollback()


@pytest.fixture
def db(year):
    """The shared build; what a test changes is rolled back with its savepoint."""
    session = year.session
    nested = session.begin_nested()
    yield session
    if nested.is_active:
        nested.rollback()


@pytest.fixture
def sessions(year, db):
    return sessionmaker(bind=year.conn, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def person(db):
    """person(username) -> (the Staff row, their Actor)."""
    def find(username: str):
        staff = db.scalar(select(Staff).where(Staff.username == username))
        return staff, actor_for(staff)
    return find
