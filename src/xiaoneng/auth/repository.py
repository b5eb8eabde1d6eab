"""The SQL of the sign-in back-off: rows of sign_in_throttle, locked for update while a failure is counted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from xiaoneng.auth.models import SignInThrottle
from xiaoneng.auth.rules import Failures

# Rows with no failure for this long (and no lock running) are forgotten.
FORGET_AFTER = dt.timedelta(days=1)


def _failures(row: SignInThrottle) -> Failures:
    return Failures(count=row.failures, last_at=row.last_failure_at, locked_until=row.locked_until)


def states(session: Session, keys: list[str]) -> dict[str, Failures]:
    rows = session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys)))
    return {row.key: _failures(row) for row in rows}


def lock_rows(session: Session, keys: list[str], *, now: dt.datetime) -> dict[str, SignInThrottle]:
    """The rows of `keys`, created when missing, locked until the transaction ends (PostgreSQL FOR UPDATE, in key
    order so two requests never wait on each other; SQLite's writers are serialised by BEGIN IMMEDIATE)."""
    keys = sorted(set(keys))
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(SignInThrottle).values([{"key": k, "failures": 0, "last_failure_at": now} for k in keys])
                    .on_conflict_do_nothing(index_elements=["key"]))
    stmt = select(SignInThrottle).where(SignInThrottle.key.in_(keys)).order_by(SignInThrottle.key).with_for_update()
    return {row.key: row for row in session.scalars(stmt.execution_options(populate_existing=True))}


def save(row: SignInThrottle, state: Failures) -> None:
    row.failures, row.last_failure_at, row.locked_until = state.count, state.last_at, state.locked_until


def fresh_row_state(row: SignInThrottle) -> Failures | None:
    """A row just created by lock_rows stands for no failure yet."""
    return None if row.failures == 0 else _failures(row)


def clear(session: Session, key: str) -> None:
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == key))


def forget_old(session: Session, *, now: dt.datetime) -> None:
    session.execute(delete(SignInThrottle).where(
        SignInThrottle.last_failure_at < now - FORGET_AFTER,
        or_(SignInThrottle.locked_until.is_(None), SignInThrottle.locked_until < now)))
