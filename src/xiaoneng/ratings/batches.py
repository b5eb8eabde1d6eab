"""The part of rating intake both writers share (intake.ThreadWriter, intake_process.ProcessWriter): the batch
write and commit, the answer a submitter gets, and waiting for it in the event loop."""

from __future__ import annotations

import asyncio
import logging
from typing import NamedTuple

from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.errors import XiaonengError
from xiaoneng.kit.cache import TtlCache
from xiaoneng.ratings import service
from xiaoneng.ratings.service import Submission

log = logging.getLogger("xiaoneng.ratings.intake")  # the intake log, whichever writer wrote the batch

MAX_BATCH = 256
ANSWER_TIMEOUT_SECONDS = 60.0


class IntakeUnavailable(XiaonengError):
    status_code = 503
    code = "unavailable"

    def __init__(self, message: str = "评价暂时无法保存，请稍后重新提交", **kw):
        super().__init__(message, **kw)


class Stored(NamedTuple):
    """A committed rating, as its submitter is answered (plain values: it may cross a process boundary)."""

    id: int
    level: int
    rectification_opened: bool


def write_batch(sessions: sessionmaker[Session], submissions: list[Submission],
                cache: TtlCache) -> list[Stored | XiaonengError]:
    """Store a batch in one transaction and commit; each submission's Stored or error. Raises if the commit fails."""
    with sessions() as session:
        outcomes = service.store_many(session, submissions, cache=cache)
        session.commit()
    return [o.error if o.error is not None else Stored(o.rating.id, o.rating.level, o.rectification_opened)
            for o in outcomes]


def commit_batch(sessions: sessionmaker[Session], batch: list[tuple], cache: TtlCache) -> list[tuple]:
    """`(key, submission)` pairs written in one transaction: `(key, result)` pairs to answer, IntakeUnavailable for
    every one of them if the transaction failed (logged)."""
    try:
        results = write_batch(sessions, [sub for _, sub in batch], cache)
    except Exception:
        log.exception("rating batch of %d not stored", len(batch))
        return [(key, IntakeUnavailable()) for key, _ in batch]
    return [(key, result) for (key, _), result in zip(batch, results)]


# --- waiting for an answer in the event loop -------------------------------------------------------------------

def _resolve(future: asyncio.Future, result) -> None:
    if future.done():  # the request gave up waiting
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


def _resolve_all(answers: list[tuple]) -> None:
    for future, result in answers:
        _resolve(future, result)


def answer_futures(answers: list[tuple[tuple, object]]) -> None:
    """Resolve `((loop, future), result)` pairs with one wake-up of each event loop rather than one per request."""
    by_loop: dict[asyncio.AbstractEventLoop, list] = {}
    for (loop, future), result in answers:
        by_loop.setdefault(loop, []).append((future, result))
    for loop, pairs in by_loop.items():
        if not loop.is_closed():
            loop.call_soon_threadsafe(_resolve_all, pairs)


async def wait_for_answer(future: asyncio.Future) -> Stored:
    """The committed rating, or its error raised; 503 if no answer comes within ANSWER_TIMEOUT_SECONDS."""
    # A timer rather than wait_for: one handle per request instead of a waiter task and a shield.
    timer = asyncio.get_running_loop().call_later(ANSWER_TIMEOUT_SECONDS, _resolve, future, IntakeUnavailable())
    try:
        return await future
    finally:
        timer.cancel()
