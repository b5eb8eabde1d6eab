"""The engine's connection settings that the speed of the lists depends on."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from xiaoneng.db import make_engine


def test_postgresql_plans_each_run_for_its_parameters(database_url):
    # A generic plan (psycopg prepares a statement on its fifth run) cannot see a period's bounds and scanned a
    # year of ratings through the wrong index: the rankings of a year took 400 ms instead of 50.
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL (XIAONENG_TEST_DATABASE_URL)")
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SHOW plan_cache_mode")).scalar_one() == "force_custom_plan"
    finally:
        engine.dispose()
