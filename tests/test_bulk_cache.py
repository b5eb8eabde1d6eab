"""A build written in one transaction keeps its pages in SQLite's cache until the COMMIT (kit.bulk.large_cache)."""

from __future__ import annotations

from sqlalchemy import text

from xiaoneng.db import make_engine
from xiaoneng.kit import bulk


def test_every_connection_of_a_build_engine_gets_the_large_cache(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'build.db'}")
    plain = make_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    bulk.large_cache(engine)
    try:
        with engine.connect() as conn, plain.connect() as other:
            assert conn.execute(text("PRAGMA cache_size")).scalar_one() == -bulk.BUILD_CACHE_KIB
            assert other.execute(text("PRAGMA cache_size")).scalar_one() == -2000  # SQLite's default, 2 MB
    finally:
        engine.dispose()
        plain.dispose()


def test_other_databases_are_left_as_they_are(monkeypatch):
    postgresql = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/nothing")  # never connected
    sqlite = make_engine("sqlite://")
    listened = []
    monkeypatch.setattr(bulk.event, "listen", lambda target, *args, **kw: listened.append(target))
    bulk.large_cache(postgresql)
    assert listened == []
    bulk.large_cache(sqlite)
    assert listened == [sqlite]
