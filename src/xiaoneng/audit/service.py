"""Writing audit records (inside the caller's transaction) and verifying the chain."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from xiaoneng.audit.models import AuditChainHead, AuditRecord
from xiaoneng.audit.rules import GENESIS, ChainProblem, canonical_json, record_digest, verify_chain
from xiaoneng.db import utcnow
from xiaoneng.kit.scope import Actor


_HEAD = AuditChainHead.__table__
_RECORDS = AuditRecord.__table__
_HEAD_ROW = select(_HEAD.c.last_id, _HEAD.c.last_digest).where(_HEAD.c.id == 1)
# FOR UPDATE serialises writers on PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE.
_READ_HEAD = _HEAD_ROW.with_for_update()
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1)
_APPEND = insert(_RECORDS)


def _chain_head(session: Session) -> tuple[int, str]:
    """The last sequence number and digest, from the one head row (written as the chain's start if missing)."""
    row = session.connection().execute(_READ_HEAD).first()
    if row is None:
        session.connection().execute(insert(_HEAD).values(id=1, last_id=0, last_digest=GENESIS))
        return 0, GENESIS
    return row.last_id, row.last_digest


def record(session: Session, *, actor: Actor, action: str, entity: str, entity_id: object = "",
           detail: dict | None = None, center_id: int | None = None) -> AuditRecord:
    """Append one record for a state change; it commits or rolls back with the change itself. Returns the record
    as written (not attached to the session).

    Written as three statements on the session's connection rather than through the unit of work: every state
    change of the product passes here, and the ORM's bookkeeping cost several times the statements themselves.
    Pending changes of the session are flushed first, so the record follows what it describes."""
    session.flush()
    last_id, last_digest = _chain_head(session)
    seq = last_id + 1
    at = utcnow()
    fields = dict(
        ip=actor.ip or "", operator_id=actor.user_id, operator=actor.username,
        center_id=center_id if center_id is not None else actor.center_id,
        action=action, entity=entity, entity_id=str(entity_id or ""), detail=canonical_json(detail or {}),
    )
    digest = record_digest(seq=seq, at=at, prev_digest=last_digest, **fields)
    values = {"id": seq, "at": at, "prev_digest": last_digest, "digest": digest, **fields}
    connection = session.connection()
    connection.execute(_APPEND, values)
    connection.execute(_MOVE_HEAD, {"last_id": seq, "last_digest": digest})
    return AuditRecord(**values)


def verify(session: Session, *, batch: int = 5000) -> ChainProblem | None:
    head = session.connection().execute(_HEAD_ROW).first()
    rows = session.execute(select(AuditRecord).order_by(AuditRecord.id).execution_options(yield_per=batch)).scalars()
    return verify_chain(rows, head_last_id=head.last_id if head else 0, head_last_digest=head.last_digest if head else GENESIS)


def list_records(session: Session, *, actor: Actor, entity: str | None = None, entity_id: str | None = None,
                 limit: int = 100) -> list[AuditRecord]:
    actor.require("audit.read")
    stmt = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
    if not actor.is_system:
        stmt = stmt.where(AuditRecord.center_id == actor.center_id)
    if entity:
        stmt = stmt.where(AuditRecord.entity == entity)
    if entity_id:
        stmt = stmt.where(AuditRecord.entity_id == str(entity_id))
    return list(session.scalars(stmt))
