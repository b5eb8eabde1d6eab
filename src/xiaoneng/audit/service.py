"""Writing audit records (inside the caller's transaction) and verifying the chain."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit.models import AuditChainHead, AuditRecord
from xiaoneng.audit.rules import GENESIS, ChainProblem, canonical_json, record_digest, verify_chain
from xiaoneng.db import utcnow
from xiaoneng.kit.scope import Actor


def _head(session: Session) -> AuditChainHead:
    # FOR UPDATE serialises writers on PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE.
    head = session.scalar(select(AuditChainHead).where(AuditChainHead.id == 1).with_for_update())
    if head is None:
        head = AuditChainHead(id=1, last_id=0, last_digest=GENESIS)
        session.add(head)
        session.flush()
    return head


def record(session: Session, *, actor: Actor, action: str, entity: str, entity_id: object = "",
           detail: dict | None = None, center_id: int | None = None) -> AuditRecord:
    """Append one record for a state change; it commits or rolls back with the change itself."""
    head = _head(session)
    seq = head.last_id + 1
    at = utcnow()
    fields = dict(
        ip=actor.ip or "", operator_id=actor.user_id, operator=actor.username,
        center_id=center_id if center_id is not None else actor.center_id,
        action=action, entity=entity, entity_id=str(entity_id or ""), detail=canonical_json(detail or {}),
    )
    digest = record_digest(seq=seq, at=at, prev_digest=head.last_digest, **fields)
    rec = AuditRecord(id=seq, at=at, prev_digest=head.last_digest, digest=digest, **fields)
    session.add(rec)
    head.last_id, head.last_digest = seq, digest
    session.flush()
    return rec


def verify(session: Session, *, batch: int = 5000) -> ChainProblem | None:
    head = session.get(AuditChainHead, 1)
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
