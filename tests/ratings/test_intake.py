"""The group-commit writer: a batch in one transaction, refused submissions answered alone, no success without commit."""

import asyncio
import dataclasses
import datetime as dt
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event

from tests.fixtures.objects import make_case, make_department, make_window
from xiaoneng import migrate
from xiaoneng.audit.models import AuditRecord
from xiaoneng.db import make_engine, session_factory
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import public_actor
from xiaoneng.org.models import Center
from xiaoneng.ratings import service
from xiaoneng.ratings.intake import IntakeUnavailable, Stored, ThreadWriter
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification


def sub(window, *, level=5, nonce, device="d", comment="", **kw):
    return service.Submission(actor=public_actor(window.center_id, ip="10.1.1.1"), channel="qr_code", level=level,
                              rater=service.Rater(ip="10.1.1.1", device_id=device), window_id=window.id,
                              nonce=nonce, comment=comment, **kw)


async def gather(writer, submissions):
    return await asyncio.gather(*(writer.submit(s) for s in submissions), return_exceptions=True)


def _run(coroutine):
    """Run on a fresh event loop in its own thread: the browser tests' Playwright keeps a loop in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_concurrent_submissions_are_stored_and_the_refused_one_gets_its_error(sessions, db):
    window = make_window(db)
    writer = ThreadWriter(sessions)
    batch = [sub(window, nonce=f"n-{i}", device=f"d{i}") for i in range(6)]
    batch.insert(3, sub(window, level=2, nonce="n-bad-empty"))  # a bad review without content: refused
    try:
        answers = _run(gather(writer, batch))
    finally:
        writer.stop()
    refused = answers[3]
    assert isinstance(refused, ValidationFailed) and refused.field == "comment"
    stored = [a for i, a in enumerate(answers) if i != 3]
    assert all(isinstance(a, Stored) and a.id for a in stored)
    assert {r.nonce for r in db.query(Rating)} == {f"n-{i}" for i in range(6)}


def test_a_batch_refuses_a_nonce_repeated_inside_it_and_flags_its_burst(db):
    window = make_window(db)
    now = dt.datetime(2026, 11, 20, 10, tzinfo=TZ)
    subs = [sub(window, nonce=f"b-{i}", device=f"d{i}", now=now + dt.timedelta(seconds=i)) for i in range(7)]
    subs.append(sub(window, nonce="b-0", device="other", now=now))
    outcomes = service.store_many(db, subs)
    assert isinstance(outcomes[-1].error, Conflict) and outcomes[-1].error.field == "nonce"
    assert [o.rating.flags for o in outcomes[:7]] == [[]] * 5 + [["burst"]] * 2


def test_a_bad_review_of_a_batch_opens_its_rectification_and_the_batch_is_audited_once(db):
    window = make_window(db)
    outcomes = service.store_many(db, [sub(window, nonce="a-1", device="x"),
                                       sub(window, level=1, nonce="a-2", device="y", comment="办事推诿，态度恶劣"),
                                       sub(window, level=4, nonce="a-3", device="z")])
    assert [o.rectification_opened for o in outcomes] == [False, True, False]
    assert db.query(Rectification).filter_by(rating_id=outcomes[1].rating.id).count() == 1
    record = db.query(AuditRecord).filter_by(entity="rating", action="rate").one()
    assert [r["id"] for r in json.loads(record.detail)["ratings"]] == [o.rating.id for o in outcomes]


def test_a_step_rated_twice_in_one_batch_keeps_the_first(db):
    case = make_case(db, completed_at=dt.datetime(2026, 11, 20, 9, tzinfo=TZ))
    applicant = service.Rater(key=service.APPLICANT)
    at = dt.datetime(2026, 11, 20, 11, tzinfo=TZ)
    first, second = service.store_many(db, [
        service.Submission(actor=public_actor(case.center_id), channel="system_step", level=5, rater=applicant,
                           step_id=case.steps[0].id, now=at, nonce="s-1"),
        service.Submission(actor=public_actor(case.center_id), channel="system_step", level=1, rater=applicant,
                           step_id=case.steps[0].id, now=at, nonce="s-2", comment="差"),
    ])
    assert first.rating.level == 5 and isinstance(second.error, Conflict) and second.error.field == "step_id"


@pytest.fixture
def file_database(tmp_path):
    """A migrated SQLite file of its own (the writer commits for real) with a switch that makes it read-only."""
    url = f"sqlite:///{tmp_path / 'intake.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    state = {"read_only": False}

    @event.listens_for(engine, "checkout")  # each unit of work checks a connection out before it begins
    def _read_only(dbapi_connection, _record, _proxy):
        dbapi_connection.execute(f"PRAGMA query_only = {int(state['read_only'])}")

    yield engine, state
    engine.dispose()


def test_no_success_is_answered_when_the_database_refuses_the_write(file_database):
    engine, state = file_database
    sessions = session_factory(engine)
    with sessions() as s:
        window = make_window(s)
        s.commit()
    writer = ThreadWriter(sessions)
    try:
        first = _run(gather(writer, [sub(window, nonce="ro-1")]))
        assert first[0].id
        state["read_only"] = True  # the database becomes read-only: the next commit cannot happen
        answers = _run(gather(writer, [sub(window, nonce=f"ro-{i}", device=f"d{i}") for i in range(2, 6)]))
        assert all(isinstance(a, IntakeUnavailable) and a.status_code == 503 for a in answers)
        state["read_only"] = False
        again = _run(gather(writer, [sub(window, nonce="ro-6", device="d6")]))  # the writer lives on
        assert again[0].id
    finally:
        writer.stop()
    with sessions() as s:
        assert sorted(n for (n,) in s.query(Rating.nonce)) == ["ro-1", "ro-6"]


def test_a_stopped_writer_answers_unavailable(sessions, db):
    window = make_window(db)
    writer = ThreadWriter(sessions)
    writer.stop()
    answers = _run(gather(writer, [sub(window, nonce="late-1")]))
    assert isinstance(answers[0], IntakeUnavailable)
    assert db.query(Rating).count() == 0


def test_a_rating_matching_both_address_and_device_counts_once_toward_a_burst(db):
    window = make_window(db)
    now = dt.datetime(2026, 11, 20, 10, tzinfo=TZ)

    def same_phone(i):
        return service.Submission(actor=public_actor(window.center_id, ip="10.2.2.2"), channel="qr_code", level=5,
                                  rater=service.Rater(ip="10.2.2.2", device_id="phone-1"), window_id=window.id,
                                  nonce=f"p-{i}", now=now + dt.timedelta(seconds=i))

    service.store_many(db, [same_phone(i) for i in range(4)])  # four in the database, from one address and device
    later = service.store_many(db, [same_phone(i) for i in range(4, 6)])
    assert [o.rating.flags for o in later] == [[], ["burst"]]


def test_the_burst_counts_the_device_across_addresses_from_the_database_and_the_batch(db):
    window = make_window(db)
    now = dt.datetime(2026, 11, 20, 10, tzinfo=TZ)
    subs = [sub(window, nonce=f"m-{i}", device="roaming", now=now + dt.timedelta(seconds=i)) for i in range(6)]
    subs = [dataclasses.replace(s, rater=service.Rater(ip=f"10.3.3.{i}", device_id="roaming"))
            for i, s in enumerate(subs)]
    first = service.store_many(db, subs[:3])
    second = service.store_many(db, subs[3:])
    assert [o.rating.flags for o in first + second] == [[]] * 5 + [["burst"]]


def test_ratings_of_a_batch_get_consecutive_ids_after_the_largest(db):
    window = make_window(db)
    before = service.store_many(db, [sub(window, nonce="i-0")])[0].rating.id
    outcomes = service.store_many(db, [sub(window, nonce=f"i-{i}", device=f"d{i}") for i in range(1, 4)])
    assert [o.rating.id for o in outcomes] == [before + 1, before + 2, before + 3]
    assert sorted(n for (n,) in db.query(Rating.nonce).filter(Rating.id > before)) == ["i-1", "i-2", "i-3"]


def test_the_writer_cache_reads_a_window_again_once_its_time_is_up(db):
    window = make_window(db)
    other = make_department(db, center=db.get(Center, window.center_id))
    ticks = {"now": 0.0}
    cache = TtlCache(ttl=10.0, clock=lambda: ticks["now"])
    first = service.store_many(db, [sub(window, nonce="c-1")], cache=cache)[0].rating
    window.department_id = other.id  # the window moves to another department
    db.flush()
    ticks["now"] = 5.0
    cached = service.store_many(db, [sub(window, nonce="c-2", device="d2")], cache=cache)[0].rating
    ticks["now"] = 11.0
    fresh = service.store_many(db, [sub(window, nonce="c-3", device="d3")], cache=cache)[0].rating
    assert cached.department_id == first.department_id != other.id
    assert fresh.department_id == other.id
