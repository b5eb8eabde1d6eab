"""`xiaoneng audit verify` on a real database file: exit 0 when intact, non-zero naming the record when tampered."""

import os
import sqlite3
import subprocess
import sys

from xiaoneng import migrate
from xiaoneng.audit import service as audit
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.scope import system_actor


def _run(url):
    env = {**os.environ, "XIAONENG_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "xiaoneng", "audit", "verify"], env=env, capture_output=True, text=True)


def test_verify_command(tmp_path):
    path = tmp_path / "audit.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        for i in range(4):
            audit.record(s, actor=system_actor(name="cli"), action="test.write", entity="thing", entity_id=i)
    engine.dispose()

    ok = _run(url)
    assert ok.returncode == 0, ok.stderr
    assert "完整" in ok.stdout

    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE audit_record SET operator='mallory' WHERE id=3")
    bad = _run(url)
    assert bad.returncode != 0
    assert "#3" in bad.stderr
