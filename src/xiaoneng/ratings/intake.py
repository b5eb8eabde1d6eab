"""Group commit of public ratings: a writer stores whatever is queued in one transaction, then answers.

Requests hand their submissions (token already checked at the edge) to the writer and wait. The writer takes
everything queued (up to `max_batch`), checks and writes it through `ratings.service.store_many` in one
transaction, commits once, and only then answers each request with its stored rating or its error. A failed
commit answers every request of the batch with 503; a writer that stopped answers 503 to everything still
waiting and everything that arrives later. Nobody is ever told a rating was stored before its commit returned.

Two writers share the batch write (`batches.commit_batch`) and one interface (`start`, `submit`, `stop`, `alive`):
- `ProcessWriter` (intake_process.py), the default of a served application: batches are written in a child
  process, so the database work uses a second core instead of taking turns with the event loop on one
  interpreter lock;
- `ThreadWriter`: a `BatchLoop` thread in the server process, for sessions another process cannot share (a test's
  transaction, an in-memory SQLite database) or when the settings say `rating_writer = "thread"`.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection
from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.kit.cache import TtlCache
from xiaoneng.ratings.batches import MAX_BATCH, IntakeUnavailable, Stored, answer_futures, commit_batch
from xiaoneng.ratings.batches import wait_for_answer
from xiaoneng.ratings.intake_process import ProcessWriter
from xiaoneng.ratings.service import Submission

# In a thread, a batch keeps gathering while submissions keep arriving (each within `linger` of the last, for at
# most `linger_max`): the event loop runs meanwhile, and a batch costs about as much to write whether it holds 5
# ratings or 50. (The child process does not wait: idle, its core would be lost; its batches grow with the load.)
LINGER_SECONDS = 0.002
LINGER_MAX_SECONDS = 0.02


_STOP = object()


class BatchLoop:
    """Gathers queued submissions into batches, writes each with `write_batch`, and hands `answer` the results.

    `put(key, submission)` queues one; `answer([(key, result), ...])` is called from the loop's thread once per
    batch, after the commit (result: Stored, or the submission's error, or IntakeUnavailable for all when the
    commit failed). `stop()` finishes the batch in hand and answers 503 to whatever is still queued.
    """

    def __init__(self, sessions: sessionmaker[Session], answer: Callable[[list[tuple]], None], *,
                 max_batch: int = MAX_BATCH, linger: float = LINGER_SECONDS, linger_max: float = LINGER_MAX_SECONDS):
        self._sessions, self._answer = sessions, answer
        self._max_batch = max_batch
        self._linger, self._linger_max = linger, linger_max
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._in_hand: list[tuple] = []
        self._cache = TtlCache()  # windows, staff and indicator sets, read once per few seconds

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def put(self, key, submission: Submission) -> bool:
        """Queue one submission; False once the loop is closed (the caller answers 503)."""
        with self._lock:  # the loop marks itself closed under this lock before it drains the queue
            if self._closed:
                return False
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="rating-intake", daemon=True)
                self._thread.start()
            self._queue.put((key, submission))
        return True

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)
        self._drain()

    def _unavailable(self, items: list[tuple]) -> None:
        if items:
            self._answer([(key, IntakeUnavailable()) for key, _ in items])

    def _drain(self) -> None:
        left = []
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is not _STOP:
                left.append(item)
        self._unavailable(left)

    def _gather(self, first) -> list[tuple]:
        batch = [first]
        deadline = time.monotonic() + self._linger_max
        while len(batch) < self._max_batch:
            try:
                more = self._queue.get(timeout=min(self._linger, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                break
            if more is _STOP:
                self._queue.put(_STOP)
                break
            batch.append(more)
        return batch

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                self._in_hand = self._gather(item)
                self._write(self._in_hand)
                self._in_hand = []
        finally:
            with self._lock:
                self._closed = True
            self._unavailable(self._in_hand)  # the thread is dying in the middle of a batch: its requests get 503
            self._drain()

    def _write(self, batch: list[tuple]) -> None:
        self._answer(commit_batch(self._sessions, batch, self._cache))


class ThreadWriter:
    """The batch loop in a thread of this process."""

    def __init__(self, sessions: sessionmaker[Session], **options):
        self._loop = BatchLoop(sessions, answer_futures, **options)

    @property
    def alive(self) -> bool:
        return self._loop.alive

    async def submit(self, submission: Submission) -> Stored:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if not self._loop.put((loop, future), submission):
            raise IntakeUnavailable()
        return await wait_for_answer(future)

    def start(self, wait: float = 0.0) -> bool:
        """Nothing to start ahead: the thread starts with the first submission."""
        return True

    def stop(self, timeout: float = 10.0) -> None:
        self._loop.stop(timeout)


# --- the application's writer -----------------------------------------------------------------------------------

def shareable_url(sessions: sessionmaker[Session]) -> str | None:
    """The database URL another process can open for these sessions, or None (a connection, in-memory SQLite)."""
    bind = sessions.kw.get("bind")
    if bind is None or isinstance(bind, Connection):
        return None
    url = bind.url
    if url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:"
                                               or "mode=memory" in str(url)):
        return None
    return url.render_as_string(hide_password=False)


def make_writer(app):
    sessions = app.state.session_factory
    settings = app.state.settings
    url = shareable_url(sessions)
    if settings.rating_writer == "process" and url is not None:
        return ProcessWriter(url, settings)
    return ThreadWriter(sessions)


def writer_for(app):
    """The application's writer, created on first use."""
    writer = getattr(app.state, "rating_writer", None)
    if writer is None:
        with _CREATE:
            writer = getattr(app.state, "rating_writer", None)
            if writer is None:
                writer = app.state.rating_writer = make_writer(app)
    return writer


def stop_writer(app) -> None:
    writer = getattr(app.state, "rating_writer", None)
    if writer is not None:
        writer.stop()


_CREATE = threading.Lock()
