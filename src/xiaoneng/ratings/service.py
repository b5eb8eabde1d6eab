"""Use cases of 好差评: submitting a rating on any channel (C1-C7).

Every rating goes through `prepare` (checks.py) and is written here; a bad review is handed, in the same
transaction, to the subscribers of `on_bad_review` (the rectification loop opens its record, D1), so that ratings
need not know the loop. The invitations and the default 满意 are in defaults.py, the reading in queries.py; this
module gathers their public names.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, ValidationFailed, XiaonengError
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings.checks import (
    APPLICANT,
    CASE_PROOF_FAILED,
    COMMENT_MAX,
    Outcome,
    Prepared,
    Rater,
    Submission,
    filed_with,
    prepare,
    rater_key,
)
from xiaoneng.ratings.defaults import DEFAULT_BATCH, invite_applicant, record_due_defaults, send_applicant_link
from xiaoneng.ratings.lookups import Lookups, Snapshot
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.queries import (
    active_indicator_set,
    add_follow_up,
    follow_ups,
    get_rating,
    indicator_set,
    indicator_sets,
    level_counts,
    list_ratings,
    rating_settings,
)

__all__ = [
    "APPLICANT", "CASE_PROOF_FAILED", "COMMENT_MAX", "DEFAULT_BATCH", "Lookups", "Outcome", "Prepared", "Rater",
    "Snapshot", "Submission", "UNSTORABLE", "active_indicator_set", "add_follow_up", "filed_with", "follow_ups",
    "get_rating", "indicator_set", "indicator_sets", "invite_applicant", "level_counts", "list_ratings",
    "off_bad_review", "on_bad_review", "prepare", "rater_key", "rating_settings", "record_due_defaults",
    "send_applicant_link", "store_many", "submit_rating",
]

UNSTORABLE = "评价内容无法保存，请检查填写的内容后重新提交"
log = logging.getLogger(__name__)


# --- bad reviews, for whoever acts on them -------------------------------------------------------------------------

BadReviewCallback = Callable[..., None]  # callback(session, *, actor, ratings, cache) in the rating's transaction
_bad_review_callbacks: list[BadReviewCallback] = []


def on_bad_review(callback: BadReviewCallback) -> BadReviewCallback:
    """Register `callback(session, *, actor, ratings, cache)`, called with the bad reviews of a write before it
    commits (`ratings` were written in this transaction; `cache`: the writer's, or None)."""
    if callback not in _bad_review_callbacks:
        _bad_review_callbacks.append(callback)
    return callback


def off_bad_review(callback: BadReviewCallback) -> None:
    """Unregister a callback added with on_bad_review."""
    if callback in _bad_review_callbacks:
        _bad_review_callbacks.remove(callback)


def _bad_reviews(session: Session, *, actor: Actor, ratings: list[Rating], cache: TtlCache | None) -> None:
    if not _bad_review_callbacks:
        # A bad review must open its rectification in its own transaction (D1): storing it with nobody to act on
        # it would lose the loop silently, so a process that did not wire its subscribers refuses to write.
        raise RuntimeError("no subscriber for bad reviews: call xiaoneng.wiring.install() at start-up")
    for callback in list(_bad_review_callbacks):
        callback(session, actor=actor, ratings=ratings, cache=cache)


# --- writing -------------------------------------------------------------------------------------------------------

def _rating_detail(rating: Rating) -> dict:
    return {"channel": rating.channel, "level": rating.level, "step": rating.step_id, "window": rating.window_id,
            "staff": rating.staff_id, "flags": rating.flags}


def _write(session: Session, prepared: list[Prepared], cache: TtlCache | None = None) -> list[Outcome]:
    """Insert the rows in one statement, audit them, and open the rectification of every bad review."""
    # The ids are taken first so that the rows go in as one executemany with nothing to read back.
    for p, rating_id in zip(prepared, repo.next_rating_ids(session, len(prepared))):
        p.rating.id = rating_id
    repo.insert_ratings(session, [p.rating for p in prepared])
    repo.close_steps(session, [p.closes_step for p in prepared if p.closes_step is not None])
    by_center: dict[int, list[Prepared]] = {}
    for p in prepared:
        by_center.setdefault(p.rating.center_id, []).append(p)
    for center_id, group in by_center.items():
        # One record per center and batch, naming every rating: each chain append serialises all writers on the
        # chain head, so a record per rating would cost more than the rating itself at the public intake's rate.
        if len(group) == 1:
            r = group[0]
            audit.record(session, actor=r.submission.actor, action="rate", entity="rating", entity_id=r.rating.id,
                         center_id=center_id, detail=_rating_detail(r.rating))
        else:
            audit.record(session, actor=system_actor(center_id, name="public"), action="rate", entity="rating",
                         center_id=center_id,
                         detail={"ratings": [{"id": r.rating.id, **_rating_detail(r.rating)} for r in group]})
    for center_id, group in by_center.items():
        bad = [p for p in group if p.rating.is_bad]
        if bad:  # as for the ratings' own record: the rater's actor when alone, else the public intake
            actor = bad[0].submission.actor if len(bad) == 1 else system_actor(center_id, name="public")
            _bad_reviews(session, actor=actor, ratings=[p.rating for p in bad], cache=cache)
    return [Outcome(rating=p.rating, rectification_opened=p.rating.is_bad) for p in prepared]


def submit_rating(session: Session, *, actor: Actor, channel, level, rater: Rater, step_id: int | None = None,
                  window_id: int | None = None, staff_id: int | None = None, indicators: dict | None = None,
                  comment: str = "", nonce: str | None = None, social_source: str = "",
                  now: dt.datetime | None = None, case_number: str = "", applicant_phone: str = "") -> Rating:
    """Record one rating (immutable). A bad review opens its rectification in the same transaction (D1)."""
    sub = Submission(actor=actor, channel=channel, level=level, rater=rater, step_id=step_id, window_id=window_id,
                     staff_id=staff_id, indicators=indicators, comment=comment, nonce=nonce,
                     social_source=social_source, now=now, case_number=case_number, applicant_phone=applicant_phone)
    rating = _write(session, [prepare(Lookups(session), sub)])[0].rating
    return repo.attach(session, rating)


def store_many(session: Session, submissions: list[Submission], *, cache: TtlCache | None = None) -> list[Outcome]:
    """Check and write a batch in the caller's transaction; a refused submission gets its error, the others stay.

    The batch is read in a few set-based queries and written in one statement inside a savepoint; if that write
    meets a conflict the checks could not see (a rating written meanwhile by another connection) or a value the
    database refuses, the savepoint is rolled back and each submission is written alone in its own savepoint, so
    a bad row fails alone. Only errors of a submission are caught; anything else (the database failing)
    propagates so that nobody is told their rating was stored.
    `cache` (the writer's) keeps windows, staff and indicator sets across batches.
    """
    lookups = Lookups(session, cache)
    lookups.preload(submissions)
    outcomes: list[Outcome | None] = [None] * len(submissions)
    prepared, where = [], []
    for i, sub in enumerate(submissions):
        try:
            prepared.append(prepare(lookups, sub))
            where.append(i)
        except XiaonengError as exc:
            outcomes[i] = Outcome(error=exc)
    if prepared:
        try:
            with session.begin_nested():
                written = _write(session, prepared, cache)
        except (XiaonengError, IntegrityError, DataError):
            written = [_write_alone(session, p.submission, cache) for p in prepared]
        for i, outcome in zip(where, written):
            outcomes[i] = outcome
    return outcomes


def _write_alone(session: Session, sub: Submission, cache: TtlCache | None) -> Outcome:
    try:
        with session.begin_nested():
            return _write(session, [prepare(Lookups(session, cache), sub)], cache)[0]
    except XiaonengError as exc:
        return Outcome(error=exc)
    except IntegrityError:
        return Outcome(error=Conflict("该评价已提交，请勿重复提交", field="nonce"))
    except DataError:
        log.warning("rating refused by the database", exc_info=True)
        return Outcome(error=ValidationFailed(UNSTORABLE))
