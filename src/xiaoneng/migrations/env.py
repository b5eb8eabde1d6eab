"""Alembic environment: batch mode so ALTERs work on SQLite; a connection may be handed in by tests."""

from alembic import context

from xiaoneng import models
from xiaoneng.db import make_engine

config = context.config
target_metadata = models.Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
