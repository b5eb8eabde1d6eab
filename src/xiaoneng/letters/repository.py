"""Queries of letters: the next serial of a 发文字号, one letter in the actor's scope, the letters about a record."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from xiaoneng.kit.scope import Actor, ensure_visible
from xiaoneng.letters.models import Letter, LetterCounter
from xiaoneng.letters.rules import Status


def next_serial(session: Session, *, center_id: int, kind: str, year: int) -> int:
    """Raise the counter of (center, kind, year) by one and return it, in one statement: PostgreSQL holds the row
    lock until the transaction ends, so a concurrent issue waits and then gets the next number; SQLite's writers
    are already one at a time (BEGIN IMMEDIATE). A rollback takes the number back with the letter."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = LetterCounter.__table__
    stmt = dialect.insert(table).values(center_id=center_id, kind=kind, year=year, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.center_id, table.c.kind, table.c.year],
                                      set_={"last": table.c.last + 1}).returning(table.c.last)
    return int(session.execute(stmt).scalar_one())


def visible_letter(session: Session, *, actor: Actor, letter_id: int) -> Letter:
    """One letter as the actor may see it: a department head only letters addressed to their department."""
    return ensure_visible(session.get(Letter, letter_id), actor)


def letters_about(session: Session, *, actor: Actor, entity: str, source_id: int) -> list[Letter]:
    stmt = select(Letter).where(Letter.center_id == actor.center_id, Letter.source_entity == entity,
                                Letter.source_id == source_id).order_by(Letter.id)
    if actor.department_scoped:  # a department sees what was sent to it, not the supervisors' drafts
        stmt = stmt.where(Letter.department_id == actor.department_id, Letter.status == Status.ISSUED)
    return list(session.scalars(stmt))


def letters_by_ids(session: Session, *, actor: Actor, ids: set[int]) -> list[Letter]:
    if not ids:
        return []
    stmt = select(Letter).where(Letter.center_id == actor.center_id, Letter.id.in_(ids)).order_by(Letter.id)
    if actor.department_scoped:
        stmt = stmt.where(Letter.department_id == actor.department_id, Letter.status == Status.ISSUED)
    return list(session.scalars(stmt))
