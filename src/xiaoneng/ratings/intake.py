"""Group commit of public ratings: one writer thread stores whatever is queued in one transaction, then answers.

Requests hand their submissions (token already checked at the edge) to the writer and wait. The writer takes
everything queued (up to `max_batch`), checks and writes it through `ratings.service.store_many` in one
transaction, commits once, and only then resolves each request with its rating or its error. A failed commit
answers every request of the batch with 503; a writer that stopped answers 503 to everything still waiting and
everything that arrives later. Nobody is ever told a rating was stored before its commit returned.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.errors import XiaonengError
from xiaoneng.ratings import service
from xiaoneng.ratings.service import Outcome, Submission

log = logging.getLogger(__name__)

MAX_BATCH = 256
# A batch keeps gathering while submissions keep arriving (each within LINGER_SECONDS of the last, for at most
# LINGER_MAX_SECONDS): a batch costs about as much to write whether it holds 5 ratings or 50.
LINGER_SECONDS = 0.002
LINGER_MAX_SECONDS = 0.02
ANSWER_TIMEOUT_SECONDS = 60.0


class IntakeUnavailable(XiaonengError):
    status_code = 503
    code = "unavailable"

    def __init__(self, message: str = "评价暂时无法保存，请稍后重新提交", **kw):
        super().__init__(message, **kw)


@dataclass
class _Pending:
    submission: Submission
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future


_STOP = object()


def _resolve(future: asyncio.Future, outcome: Outcome | None, error: BaseException | None) -> None:
    if future.done():  # the request gave up waiting
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(outcome)


def _resolve_all(answers: list) -> None:
    for future, outcome in answers:
        _resolve(future, outcome, None)


def _answer(batch: list[_Pending], outcomes: list[Outcome]) -> None:
    """Resolve a committed batch with one wake-up of each event loop rather than one per request."""
    by_loop: dict[asyncio.AbstractEventLoop, list] = {}
    for p, outcome in zip(batch, outcomes):
        by_loop.setdefault(p.loop, []).append((p.future, outcome))
    for loop, answers in by_loop.items():
        loop.call_soon_threadsafe(_resolve_all, answers)


class Writer:
    """The one writer of an application; started on first use, stopped by `stop()` (application shutdown)."""

    def __init__(self, sessions: sessionmaker[Session], *, max_batch: int = MAX_BATCH,
                 linger: float = LINGER_SECONDS, linger_max: float = LINGER_MAX_SECONDS):
        self._sessions = sessions
        self._max_batch = max_batch
        self._linger, self._linger_max = linger, linger_max
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._in_hand: list[_Pending] = []
        self._cache = service.TargetCache()  # windows, staff and indicator sets, read once per few seconds
        self.batches = 0  # batches committed, for tests and the bench

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    async def submit(self, submission: Submission) -> Outcome:
        """Queue one submission and wait for its committed outcome; raises its error, or IntakeUnavailable."""
        loop = asyncio.get_running_loop()
        pending = _Pending(submission, loop, loop.create_future())
        with self._lock:  # the writer marks itself closed under this lock before it drains the queue
            if self._closed:
                raise IntakeUnavailable()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="rating-intake", daemon=True)
                self._thread.start()
            self._queue.put(pending)
        # A timer rather than wait_for: one handle per request instead of a waiter task and a shield.
        timer = loop.call_later(ANSWER_TIMEOUT_SECONDS, _resolve, pending.future, None, IntakeUnavailable())
        try:
            outcome = await pending.future
        finally:
            timer.cancel()
        if outcome.error is not None:
            raise outcome.error
        return outcome

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the batch in hand, answer 503 to whatever is still queued, and end the thread."""
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout)
        self._drain()

    def _drain(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Pending):
                item.loop.call_soon_threadsafe(_resolve, item.future, None, IntakeUnavailable())

    def _run(self) -> None:
        try:
            while True:
                item = self._queue.get()
                if item is _STOP:
                    return
                batch = [item]
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
                self._in_hand = batch
                self._write(batch)
                self._in_hand = []
        finally:
            with self._lock:
                self._closed = True
            for p in self._in_hand:  # the thread is dying in the middle of a batch: its requests get 503
                p.loop.call_soon_threadsafe(_resolve, p.future, None, IntakeUnavailable())
            self._drain()

    def _write(self, batch: list[_Pending]) -> None:
        try:
            with self._sessions() as session:
                outcomes = service.store_many(session, [p.submission for p in batch], cache=self._cache)
                session.commit()
        except Exception:
            log.exception("rating batch of %d not stored", len(batch))
            for p in batch:
                p.loop.call_soon_threadsafe(_resolve, p.future, None, IntakeUnavailable())
            return
        self.batches += 1
        _answer(batch, outcomes)


def writer_for(app) -> Writer:
    """The application's writer, created on first use."""
    writer = getattr(app.state, "rating_writer", None)
    if writer is None:
        with _CREATE:
            writer = getattr(app.state, "rating_writer", None)
            if writer is None:
                writer = app.state.rating_writer = Writer(app.state.session_factory)
    return writer


def stop_writer(app) -> None:
    writer = getattr(app.state, "rating_writer", None)
    if writer is not None:
        writer.stop()


_CREATE = threading.Lock()
