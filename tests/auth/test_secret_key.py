"""The signing secret: never the built-in placeholder; generated once per installation when none is configured."""

from __future__ import annotations

import base64
import json
import logging
import os
import stat
import subprocess
import sys

import httpx
import pytest
from itsdangerous import TimestampSigner

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.config import DEV_SECRET, SECRET_FILE, Settings
from xiaoneng.db import make_engine, session_scope

PRINT_SECRET = "from xiaoneng.config import Settings; print(Settings().secret_key)"


def _development_env(var_dir) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIAONENG_")}
    return {**env, "XIAONENG_ENV": "development", "XIAONENG_VAR_DIR": str(var_dir)}


def test_processes_starting_together_share_one_generated_secret(tmp_path):
    env = _development_env(tmp_path / "var")
    starts = [subprocess.Popen([sys.executable, "-c", PRINT_SECRET], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(6)]
    secrets_seen = {p.communicate(timeout=60)[0].strip() for p in starts}
    assert all(p.returncode == 0 for p in starts)
    assert len(secrets_seen) == 1
    secret = secrets_seen.pop()
    path = tmp_path / "var" / SECRET_FILE
    assert path.read_text().strip() == secret and len(secret) >= 32 and secret != DEV_SECRET
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in (tmp_path / "var").iterdir()] == [SECRET_FILE]  # no candidate left behind
    again = subprocess.run([sys.executable, "-c", PRINT_SECRET], env=env, capture_output=True, text=True, check=True)
    assert again.stdout.strip() == secret


def test_generating_the_secret_is_logged_with_its_place(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="xiaoneng.config"):
        settings = Settings(env="development", secret_key="", var_dir=tmp_path)
    assert str((tmp_path / SECRET_FILE).resolve()) in caplog.text and "generated" in caplog.text
    assert settings.secret_key == (tmp_path / SECRET_FILE).read_text().strip()


def test_the_placeholder_counts_as_no_secret(tmp_path):
    settings = Settings(env="development", secret_key=DEV_SECRET, var_dir=tmp_path)
    assert settings.secret_key != DEV_SECRET
    assert settings.secret_key == (tmp_path / SECRET_FILE).read_text().strip()


@pytest.mark.parametrize("secret", ["", DEV_SECRET, "short-but-set"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret):
    with pytest.raises(ValueError, match="XIAONENG_SECRET_KEY"):
        Settings(env="production", secret_key=secret, var_dir=tmp_path)
    assert not (tmp_path / SECRET_FILE).exists()


def test_a_damaged_secret_file_is_refused(tmp_path):
    (tmp_path / SECRET_FILE).write_text("too short")
    with pytest.raises(ValueError, match="no usable secret"):
        Settings(env="development", secret_key="", var_dir=tmp_path)


def _forged_session(secret: str, session: dict) -> str:
    """A session cookie as Starlette's SessionMiddleware signs it."""
    data = base64.b64encode(json.dumps(session).encode())
    return TimestampSigner(secret).sign(data).decode()


def test_a_development_install_refuses_sessions_signed_with_the_placeholder(own_database_url, tmp_path):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        admin = make_staff(s, role=Role.ADMIN, department=make_department(s))
        username, uid = admin.username, admin.id
    engine.dispose()
    no_secret = {"XIAONENG_ENV": "development", "XIAONENG_SECRET_KEY": None, "XIAONENG_RUN_JOBS_IN_SERVER": "false"}
    with serve_live(own_database_url, env=no_secret, var_dir=tmp_path / "var") as first, \
            serve_live(own_database_url, env=no_secret, var_dir=tmp_path / "var") as second:
        forged = _forged_session(DEV_SECRET, {"uid": uid, "sv": 0, "csrf": "x"})
        answer = httpx.get(first.base + "/api/staff", cookies={"xiaoneng_session": forged})
        assert answer.status_code == 401
        # Two servers of the same installation sign with the one generated secret: a session of one works on the other.
        signed_in = first.sign_in(username)
        cookie = signed_in.cookies["xiaoneng_session"]
        assert httpx.get(second.base + "/api/staff", cookies={"xiaoneng_session": cookie}).status_code == 200
