"""The migrations build exactly the tables, columns and indexes the models declare (nothing left to autogenerate)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import xiaoneng.models  # noqa: F401  (every domain's tables)
from xiaoneng.db import Base


def test_the_migrated_database_matches_the_models(engine):
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == []
