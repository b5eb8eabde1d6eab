"""The rating writer in a child process: commits there before any answer, errors carried back, a child that dies
answered 503 and replaced, and no child left behind by a server that was killed.

These need commits that another process sees, so each test has a database of its own (a SQLite file, or on the
PostgreSQL run a throwaway PostgreSQL database)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.fixtures.objects import make_window
from tests.fixtures.waiting import wait_until
from tests.fixtures.web import Browser
from tests.ratings.forms import form, rate
from xiaoneng.auth.rules import Role
from xiaoneng.config import Settings
from xiaoneng.errors import ValidationFailed
from xiaoneng.db import make_engine, session_factory
from xiaoneng.kit import clock as kit_clock
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor, public_actor
from xiaoneng.ratings import intake, links, service
from xiaoneng.ratings.intake import IntakeUnavailable, Stored, ThreadWriter
from xiaoneng.ratings.intake_process import ProcessWriter, pack, unpack
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.tokens import TokenKind, sign
from xiaoneng.rectification.models import Rectification
from xiaoneng.web.app import create_app

SECRET = "p" * 40
ROOT = Path(__file__).resolve().parents[2]


def _settings(url: str, **kw) -> Settings:
    return Settings(env="test", secret_key=SECRET, database_url=url, run_jobs_in_server=False, **kw)


@pytest.fixture
def database(own_database_url):
    engine = make_engine(own_database_url)
    sessions = session_factory(engine)
    with sessions() as s:
        window = make_window(s)
        s.commit()
        ids = (window.id, window.center_id)
    yield own_database_url, engine, ids
    engine.dispose()


def _token(window_id, center_id):
    return sign(TokenKind.WINDOW, window_id, center_id=center_id, secret=SECRET,
                expires_at=kit_clock.now() + dt.timedelta(days=1))


def _gone(pid: int) -> bool:
    """True once the process has exited (a zombie nobody reaps counts as exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def _run(coroutine):
    """A fresh event loop in its own thread (the browser tests leave Playwright's loop in the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_a_served_application_writes_in_a_child_process_and_answers_after_its_commit(database):
    url, engine, (window_id, center_id) = database
    app = create_app(_settings(url), engine=engine)
    link = _token(window_id, center_id)
    with Browser(app, base_url="http://testserver") as client:
        writer = intake.writer_for(app)
        assert isinstance(writer, ProcessWriter) and writer.start(wait=30)
        assert writer.pid != os.getpid()
        nonce = form(client, link)["nonce"]
        good = client.post("/api/public/ratings", json={"token": link, "level": 5, "nonce": nonce})
        bad = rate(client, {"token": link, "level": 1, "comment": "窗口无人，等了四十分钟"}, new_device=True)
        empty_bad = rate(client, {"token": link, "level": 2}, new_device=True)
        replay = client.post("/api/public/ratings", json={"token": link, "level": 5, "nonce": nonce})
        child = writer.pid
    assert good.status_code == 201 and bad.status_code == 201
    assert bad.json()["rectification_opened"] is True
    # The child's refusals come back as the API's errors, in Chinese, with the field at fault.
    assert empty_bad.status_code == 422 and empty_bad.json()["field"] == "comment"
    assert replay.status_code == 409 and replay.json()["field"] == "nonce"
    assert "\u4e00" <= empty_bad.json()["message"][0] <= "\u9fff"
    with session_factory(engine)() as s:  # committed: another connection sees them
        stored = {r.id: r for r in s.query(Rating)}
        assert set(stored) == {good.json()["id"], bad.json()["id"]}
        assert stored[good.json()["id"]].nonce == links.check_nonce(nonce, secret=SECRET, token=link).nonce
        assert s.query(Rectification).filter_by(rating_id=bad.json()["id"]).count() == 1
    assert wait_until(lambda: _gone(child)), "the writer process outlived the application"


def test_the_public_answer_sets_no_session_cookie(database):
    url, engine, (window_id, center_id) = database
    app = create_app(_settings(url), engine=engine)
    with Browser(app, base_url="http://testserver") as client:
        r = rate(client, {"token": _token(window_id, center_id), "level": 4})
    assert r.status_code == 201 and "set-cookie" not in r.headers


def test_the_thread_writer_is_used_when_the_settings_say_so(database):
    url, engine, (window_id, center_id) = database
    app = create_app(_settings(url, rating_writer="thread"), engine=engine)
    with Browser(app, base_url="http://testserver") as client:
        r = rate(client, {"token": _token(window_id, center_id), "level": 5})
        assert isinstance(app.state.rating_writer, ThreadWriter)
    assert r.status_code == 201


def _submission(window_id, center_id, nonce, **kw):
    kw.setdefault("rater", service.Rater(ip="10.9.9.9", device_id=nonce))
    return service.Submission(actor=public_actor(center_id, ip="10.9.9.9"), channel="qr_code", level=5,
                              window_id=window_id, nonce=nonce, **kw)


def test_a_child_that_dies_answers_503_to_what_it_held_and_the_next_submission_starts_a_new_one(database):
    url, engine, (window_id, center_id) = database
    writer = ProcessWriter(url, _settings(url), restart_seconds=0.0)

    async def scenario():
        assert writer.start(wait=30)
        first_child = writer.pid
        os.kill(first_child, signal.SIGSTOP)  # the child holds the next submission without answering
        waiting = asyncio.ensure_future(writer.submit(_submission(window_id, center_id, "die-1")))
        await asyncio.sleep(0.3)
        assert not waiting.done()
        os.kill(first_child, signal.SIGKILL)
        with pytest.raises(IntakeUnavailable):
            await asyncio.wait_for(waiting, 15)
        again = await writer.submit(_submission(window_id, center_id, "die-2"))
        return first_child, again

    try:
        first_child, again = _run(scenario())
        assert isinstance(again, Stored) and writer.pid != first_child
    finally:
        writer.stop()
    with session_factory(engine)() as s:
        assert [n for (n,) in s.query(Rating.nonce)] == ["die-2"]


def test_a_stopped_writer_answers_unavailable_and_its_child_is_gone(database):
    url, _engine, (window_id, center_id) = database
    writer = ProcessWriter(url, _settings(url))
    assert writer.start(wait=30)
    child = writer.pid
    writer.stop()
    assert _gone(child) and not writer.alive
    with pytest.raises(IntakeUnavailable):
        _run(writer.submit(_submission(window_id, center_id, "late-1")))


def test_a_killed_server_leaves_no_writer_process_behind(database, tmp_path):
    url, _engine, _ids = database
    script = tmp_path / "server.py"
    script.write_text(textwrap.dedent(f"""
        import sys, threading
        from xiaoneng.config import Settings
        from xiaoneng.ratings.intake_process import ProcessWriter
        writer = ProcessWriter({url!r}, Settings(env="test", secret_key={SECRET!r}, database_url={url!r}))
        assert writer.start(wait=30)
        print(writer.pid, flush=True)
        threading.Event().wait(600)
    """))
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        child = int(server.stdout.readline())
        assert not _gone(child)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        assert wait_until(lambda: _gone(child)), "the writer process outlived its killed server"
    finally:
        server.kill()
        server.stdout.close()


def test_a_submission_crosses_to_the_child_whole():
    actor = Actor(user_id=3, username="wang", role=Role.WINDOW_STAFF, center_id=2, department_id=4, window_id=5,
                  ip="10.1.2.3", full_name="王芳")
    sub = service.Submission(
        actor=actor, channel="social", level=2,
        rater=service.Rater(name="李雷", phone="13800000000", real_name=True, ip="10.1.2.3", device_id="dev",
                            account="acct", key="", from_staff_device=True),
        step_id=7, window_id=5, staff_id=9, indicators={"A1": ["等候时间长"]}, comment="等了很久", nonce="n-1",
        social_source="hotline", now=dt.datetime(2026, 10, 9, 9, 30, tzinfo=TZ), case_number="CASE-1")
    assert unpack(pack(42, sub)) == (42, sub)


def test_a_row_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_committed(database):
    """PostgreSQL refuses NUL in text: handed to the writer past the edge (which refuses it), such a row fails
    alone with a Chinese answer, the other submissions of its batch are stored."""
    url, engine, (window_id, center_id) = database
    if not url.startswith("postgresql"):
        pytest.skip("SQLite stores both values: the poisoned row only fails on PostgreSQL")
    writer = ProcessWriter(url, _settings(url))
    poisoned = {"poison-1": {"comment": "办理\x00很快"}, "poison-2": {"comment": "\x00"}}
    nonces = ["batch-1", "poison-1", "batch-2", "poison-2", "batch-3"]

    async def scenario():
        assert writer.start(wait=30)
        os.kill(writer.pid, signal.SIGSTOP)  # the submissions queue up: the child takes them as one batch
        try:
            pending = [asyncio.ensure_future(writer.submit(_submission(window_id, center_id, n, **poisoned.get(n, {}))))
                       for n in nonces]
            await asyncio.sleep(0.3)
        finally:
            os.kill(writer.pid, signal.SIGCONT)
        return await asyncio.gather(*pending, return_exceptions=True)

    try:
        answers = dict(zip(nonces, _run(scenario())))
    finally:
        writer.stop()
    for n in ("batch-1", "batch-2", "batch-3"):
        assert isinstance(answers[n], Stored), answers[n]
    for n in poisoned:
        assert isinstance(answers[n], ValidationFailed) and "无法保存" in answers[n].message, answers[n]
    with session_factory(engine)() as s:
        assert sorted(n for (n,) in s.query(Rating.nonce)) == ["batch-1", "batch-2", "batch-3"]
