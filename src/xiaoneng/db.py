"""Database plumbing: declarative base, engine, sessions and the one place that commits outside requests."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, func
from sqlalchemy.dialects import sqlite as sqlite_types
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

from xiaoneng.config import get_settings
from xiaoneng.kit import clock

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware datetimes stored as UTC; SQLite drops tzinfo, so it is restored on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)

    def bulk_processor(self, dialect):
        """bind_processor's result without its layers, for kit.bulk's hundred thousand values: on SQLite the UTC time
        in the DATETIME storage format (isoformat writes the same digits); elsewhere None (bind_processor's)."""
        impl = self.impl.dialect_impl(dialect)
        if dialect.name != "sqlite" or getattr(impl, "_storage_format", None) != sqlite_types.DATETIME._storage_format:
            return None
        utc = dt.UTC

        def process(value):
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTCDateTime column")
            return value.astimezone(utc).replace(tzinfo=None).isoformat(" ", "microseconds")
        return process


def utcnow() -> dt.datetime:
    return clock.utcnow()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime}


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, server_default=func.current_timestamp())


def _prepare_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, and explicit BEGIN (IMMEDIATE for writers) so concurrent writers queue instead of failing."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself (pysqlite savepoint recipe)
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Checkpointer:
    """WAL checkpoints of a SQLite database in a thread of their own, for a writer that commits many times a second.

    SQLite's automatic checkpoint runs inside whichever COMMIT crosses 1,000 WAL pages, copying them to the
    database file and syncing it: a busy writer's commits would wait on that I/O every few dozen batches. The
    engine's connections turn it off; this thread checkpoints PASSIVE every `every` seconds on its own connection
    (never blocking the writer or readers). Does nothing for other databases."""

    def __init__(self, engine: Engine, every: float = 0.5):
        self._stop = threading.Event()
        self._thread = None
        if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
            return
        event.listen(engine, "connect", lambda dbapi_connection, _record: dbapi_connection.execute(
            "PRAGMA wal_autocheckpoint=0"))
        self._path, self._every = engine.url.database, every
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, timeout=30, check_same_thread=False)
        try:
            while not self._stop.wait(self._every):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:  # tried again at the next turn; the WAL keeps every commit meanwhile
                    log.exception("WAL checkpoint failed")
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = url or get_settings().database_url
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        _prepare_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # psycopg prepares a statement on its fifth run, and PostgreSQL then switches to a generic plan that cannot see
    # the period's bounds: a year's ranking went from a 50 ms index-only scan to 400 ms. Plans are made per run.
    connect_args = {"options": "-c plan_cache_mode=force_custom_plan", **kwargs.pop("connect_args", {})}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


@lru_cache
def get_engine() -> Engine:
    return make_engine()


def session_factory(engine: Engine | None = None, *, readonly: bool = False) -> sessionmaker[Session]:
    """Sessions on `engine`. Read-only ones never take SQLite's write lock (DEFERRED begin: WAL readers run beside
    the writer) and are refused any write on PostgreSQL (a READ ONLY transaction)."""
    engine = engine or get_engine()
    if readonly:
        engine = engine.execution_options(sqlite_begin="DEFERRED", postgresql_readonly=True)
    return sessionmaker(bind=engine, expire_on_commit=False)


def session_scope(engine: Engine | None = None, *, readonly: bool = False):
    """The CLI's unit of work on an engine: commit on success, roll back on error."""
    return unit_of_work(session_factory(engine, readonly=readonly))


@contextmanager
def unit_of_work(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One session from `sessions`: committed on success, rolled back on error, always closed."""
    session = sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
