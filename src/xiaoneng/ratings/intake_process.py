"""The rating writer in a child process: the group commit on a core of its own.

The server process sends each submission over a socket pair (`multiprocessing.connection` frames holding a
pickled flat tuple: request id, actor, rater, the rest) and waits. The child, one thread, blocks for a submission,
takes whatever else has arrived meanwhile, writes them with `batches.commit_batch` in one transaction, and sends
back one frame per batch, `[(request id, (id, level, rectification opened) or the error), ...]`, only after its
COMMIT returned. So the answer rule is unchanged: no 201 before the commit.

Life cycle: started with the first submission, with the server's settings in its environment and the database URL
of the server's engine. It ignores SIGINT and SIGTERM (the terminal's or the service manager's signal reaches the
whole process group; the server decides when the writer stops). On the server's stop frame it writes and answers
everything sent before it, then exits; when the server's end of the socket closes because the server died, it
exits (a batch in hand either committed or did not: nobody is left to answer). If the child dies, everything
sent to it and not answered gets 503, and the next submission starts a new child (at most once per
`restart_seconds`).

Run as `python -m xiaoneng.ratings.intake_process FD` by ProcessWriter only.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gc
import itertools
import json
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from operator import attrgetter
from pathlib import Path

from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor
from xiaoneng.ratings.batches import IntakeUnavailable, Stored, answer_futures, wait_for_answer
from xiaoneng.ratings.service import Rater, Submission

log = logging.getLogger(__name__)

READY = b"ready"
STOP = b"stop"
RESTART_SECONDS = 1.0
SEND_BUFFER_BYTES = 1 << 20  # submissions queue here while the child starts or is busy with a batch


# --- the wire: flat tuples of plain values (pickling the dataclasses themselves costs 25x more) ---------------------

_ACTOR = tuple(f.name for f in dataclasses.fields(Actor))
_RATER = tuple(f.name for f in dataclasses.fields(Rater))
_REST = tuple(f.name for f in dataclasses.fields(Submission) if f.name not in ("actor", "rater", "now"))
_actor_values, _rater_values, _rest_values = attrgetter(*_ACTOR), attrgetter(*_RATER), attrgetter(*_REST)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


def pack(rid: int, sub: Submission) -> bytes:
    # The time travels as whole microseconds since the epoch: pickling a datetime costs ten times more.
    now = (sub.now - _EPOCH) // _MICROSECOND if sub.now is not None else None
    return pickle.dumps((rid, _actor_values(sub.actor), _rater_values(sub.rater), _rest_values(sub), now),
                        pickle.HIGHEST_PROTOCOL)


def unpack(frame: bytes) -> tuple[int, Submission] | None:
    if frame == STOP:
        return None
    rid, actor, rater, rest, now = pickle.loads(frame)
    return rid, Submission(actor=Actor(*actor), rater=Rater(*rater),
                           now=(_EPOCH + now * _MICROSECOND).astimezone(TZ) if now is not None else None,
                           **dict(zip(_REST, rest)))


def pack_answers(pairs: list[tuple]) -> bytes:
    """A batch's answers: (request id, (id, level, rectification opened)) or (request id, the error)."""
    return pickle.dumps([(rid, tuple(result) if isinstance(result, Stored) else result) for rid, result in pairs],
                        pickle.HIGHEST_PROTOCOL)


def unpack_answers(frame: bytes) -> list[tuple[int, object]]:
    return [(rid, Stored(*result) if isinstance(result, tuple) else result) for rid, result in pickle.loads(frame)]


def child_environment(settings, database_url: str) -> dict[str, str]:
    """The server's environment with every setting of the application spelled out, so the child's get_settings()
    equals the server's (an application may be created with settings that are not in the environment)."""
    env = dict(os.environ)
    for name, value in settings.model_dump(mode="json").items():
        env[f"XIAONENG_{name.upper()}"] = value if isinstance(value, str) else json.dumps(value)
    env["XIAONENG_DATABASE_URL"] = database_url
    source_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join([source_root, *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


class _Child:
    """One child process, its connection, and the requests sent to it and not yet answered."""

    def __init__(self, database_url: str, settings):
        parent_end, child_end = socket.socketpair()
        parent_end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER_BYTES)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "xiaoneng.ratings.intake_process", str(child_end.fileno())],
                pass_fds=(child_end.fileno(),), env=child_environment(settings, database_url),
                stdin=subprocess.DEVNULL)
        finally:
            child_end.close()
        self.connection = Connection(parent_end.detach())
        self.pending: dict[int, tuple] = {}  # request id -> (loop, future)
        self.ready = threading.Event()
        self.ended = threading.Event()
        self.reader = threading.Thread(target=self._read, name="rating-intake-answers", daemon=True)
        self.reader.start()

    def _read(self) -> None:
        try:
            while True:
                frame = self.connection.recv_bytes()
                if frame == READY:
                    self.ready.set()
                    continue
                answers = [(target, result) for rid, result in unpack_answers(frame)
                           if (target := self.pending.pop(rid, None)) is not None]
                answer_futures(answers)
        except (EOFError, OSError):
            pass
        except Exception:
            log.exception("rating writer answers unreadable")
        finally:
            self.ended.set()
            self.connection.close()
            if self.process.wait() not in (0, None):
                log.error("rating writer process exited with %s", self.process.returncode)
            left = [target for rid in list(self.pending) if (target := self.pending.pop(rid, None)) is not None]
            answer_futures([(target, IntakeUnavailable()) for target in left])

    def send(self, frame: bytes) -> None:
        self.connection.send_bytes(frame)

    def stop(self, timeout: float) -> None:
        try:
            self.send(STOP)
        except OSError:
            pass
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            log.error("rating writer process did not stop in %.0f s: killed", timeout)
            self.process.kill()
        self.reader.join(timeout)


class ProcessWriter:
    """The application's writer when its database can be opened by another process (the default when served)."""

    def __init__(self, database_url: str, settings, *, restart_seconds: float = RESTART_SECONDS):
        self._url, self._settings = database_url, settings
        self._restart_seconds = restart_seconds
        self._lock = threading.Lock()  # one sender at a time; start and stop
        self._child: _Child | None = None
        self._closed = False
        self._last_start = float("-inf")
        self._ids = itertools.count(1)

    @property
    def alive(self) -> bool:
        child = self._child
        return child is not None and not child.ended.is_set()

    @property
    def pid(self) -> int | None:
        child = self._child
        return child.process.pid if child is not None else None

    def _current(self) -> _Child | None:
        """The running child, started if there is none (under the lock); None when closed or restarting too often."""
        if self._closed:
            return None
        child = self._child
        if child is not None and not child.ended.is_set():
            return child
        if time.monotonic() - self._last_start < self._restart_seconds:
            return None
        self._last_start = time.monotonic()
        self._child = _Child(self._url, self._settings)
        return self._child

    def start(self, wait: float = 0.0) -> bool:
        """Start the child now (rather than with the first submission); with `wait`, until it is ready."""
        with self._lock:
            child = self._current()
        return child is not None and (not wait or child.ready.wait(wait))

    async def submit(self, submission: Submission) -> Stored:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        rid = next(self._ids)
        with self._lock:
            child = self._current()
            if child is None:
                raise IntakeUnavailable()
            child.pending[rid] = (loop, future)
            try:
                child.send(pack(rid, submission))
            except Exception:  # the child's socket closed under us (it died): not handed over, so 503
                child.pending.pop(rid, None)
                raise IntakeUnavailable() from None
        try:
            return await wait_for_answer(future)
        finally:
            child.pending.pop(rid, None)

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        if child is not None:
            child.stop(timeout)


# --- the child ---------------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    """The child: read submissions, write them in batches, answer each batch after its commit; one thread, so
    reading never competes with writing for the interpreter lock."""
    from xiaoneng.config import get_settings
    from xiaoneng.db import Checkpointer, make_engine, session_factory
    from xiaoneng.ratings.batches import MAX_BATCH, commit_batch
    from xiaoneng.kit.cache import TtlCache
    from xiaoneng import wiring

    wiring.install()  # this process writes bad reviews too: their loop must be subscribed

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s rating-writer %(message)s")
    connection = Connection(int(argv[1]))
    engine = make_engine(get_settings().database_url)
    checkpointer = Checkpointer(engine)  # before the first connection: it sets how they checkpoint
    with engine.connect():  # fail now, visibly, if the database cannot be opened
        pass
    sessions, cache = session_factory(engine), TtlCache()
    gc.collect()
    gc.freeze()  # what start-up loaded stays: the collector then only walks what the batches allocate
    connection.send_bytes(READY)
    stopping = False
    try:
        while not stopping:
            batch = []
            # Block for one submission, then take whatever else has already arrived: while a batch is being
            # written the next one queues up in the socket, so batches grow with the load without waiting.
            while len(batch) < MAX_BATCH and (not batch or connection.poll(0)):
                message = unpack(connection.recv_bytes())
                if message is None:
                    stopping = True
                    break
                batch.append(message)
            if batch:
                connection.send_bytes(pack_answers(commit_batch(sessions, batch, cache)))
    except (EOFError, OSError):  # the server is gone: what was committed stays committed, nobody is left to answer
        pass
    finally:
        checkpointer.stop()
        engine.dispose()
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
