"""WAL checkpoints in a thread of their own: the writer's connections never checkpoint, the thread keeps up."""

from sqlalchemy import text

from tests.fixtures.waiting import wait_until
from xiaoneng.db import Checkpointer, make_engine


def test_the_writer_connections_leave_checkpoints_to_the_thread_which_copies_every_commit(tmp_path):
    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}")
    checkpointer = Checkpointer(engine, every=0.05)
    try:
        with engine.begin() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
            conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
        for batch in range(40):  # about 1,200 WAL pages: more than an automatic checkpoint would let pass
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO t (body) VALUES (:b)"), [{"b": "x" * 3000} for _ in range(30)])
        # Every commit went to the WAL; only a checkpoint copies pages into the database file itself.
        assert wait_until(lambda: path.stat().st_size >= 3_000_000, 10)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 1200
    finally:
        checkpointer.stop()
        engine.dispose()


def test_other_databases_get_no_thread(tmp_path):
    engine = make_engine("sqlite://")
    checkpointer = Checkpointer(engine)
    assert checkpointer._thread is None
    checkpointer.stop()
