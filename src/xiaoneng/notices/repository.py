"""Every query of notices, each limited to the actor's scope where it reads on someone's behalf."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.notices.models import CaseNotice, NoticeCounter
from xiaoneng.notices.rules import NoticeKind


def take_seq(session: Session, *, center_id: int, year: int) -> int:
    """The next number of the center's year, in one statement: the counter row is created or incremented and read
    back. On PostgreSQL the row stays locked until the transaction ends, so a concurrent notice waits and then
    counts on from the committed value (a rolled-back notice gives its number back); SQLite's writers are
    serialised by BEGIN IMMEDIATE. Either way no number is given twice and none is skipped."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = NoticeCounter.__table__
    stmt = (insert(table).values(center_id=center_id, year=year, last_seq=1)
            .on_conflict_do_update(index_elements=[table.c.center_id, table.c.year],
                                   set_={"last_seq": table.c.last_seq + 1})
            .returning(table.c.last_seq))
    return session.execute(stmt).scalar_one()


def of_case(session: Session, case_id: int) -> list[CaseNotice]:
    return list(session.scalars(select(CaseNotice).where(CaseNotice.case_id == case_id)
                                .order_by(CaseNotice.case_seq)))


def by_case_seq(session: Session, case_id: int, case_seq: int) -> CaseNotice | None:
    return session.scalar(select(CaseNotice).where(CaseNotice.case_id == case_id, CaseNotice.case_seq == case_seq))


def violations(*, actor: Actor, department_id: int | None = None, handler_id: int | None = None,
               start: dt.date | None = None, end: dt.date | None = None) -> Select:
    """Later 补正 notices that asked for materials no earlier one named, newest first, in the actor's scope;
    `handler_id` is the handler of the case's first notice (the one that should have named them)."""
    stmt = scoped(select(CaseNotice), CaseNotice, actor).where(CaseNotice.kind == NoticeKind.SUPPLEMENT,
                                                               CaseNotice.violation.is_(True))
    if department_id:
        stmt = stmt.where(CaseNotice.department_id == department_id)
    if handler_id:
        first = aliased(CaseNotice)
        stmt = stmt.join(first, first.id == CaseNotice.first_notice_id).where(first.handler_id == handler_id)
    if start:
        stmt = stmt.where(CaseNotice.issued_on >= start)
    if end:
        stmt = stmt.where(CaseNotice.issued_on <= end)
    return stmt.order_by(CaseNotice.issued_at.desc(), CaseNotice.id.desc())


def by_ids(session: Session, ids: set[int]) -> dict[int, CaseNotice]:
    if not ids:
        return {}
    return {n.id: n for n in session.scalars(select(CaseNotice).where(CaseNotice.id.in_(ids)))}
