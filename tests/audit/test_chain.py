"""The audit chain: every record chained; a record altered or deleted in the database is named by verify."""

from sqlalchemy import delete, update

from xiaoneng.audit import service as audit
from xiaoneng.audit.models import AuditRecord
from xiaoneng.kit.scope import Actor

ACTOR = Actor(user_id=7, username="zhangsan", role=None, center_id=1, ip="10.0.0.8")


def _write(db, n=5):
    return [audit.record(db, actor=ACTOR, action="item.update", entity="service_item", entity_id=i,
                         detail={"name": f"事项{i}"}) for i in range(1, n + 1)]


def test_intact_chain_verifies(db):
    records = _write(db)
    assert audit.verify(db) is None
    assert records[1].prev_digest == records[0].digest
    assert records[0].ip == "10.0.0.8" and records[0].operator == "zhangsan"


def test_altered_record_is_named(db):
    records = _write(db)
    db.execute(update(AuditRecord).where(AuditRecord.id == records[2].id).values(detail='{"name":"改过"}'))
    db.expire_all()
    problem = audit.verify(db)
    assert problem is not None and problem.record_id == records[2].id
    assert "改动" in problem.reason


def test_deleted_middle_record_is_named(db):
    records = _write(db)
    db.execute(delete(AuditRecord).where(AuditRecord.id == records[1].id))
    db.expire_all()
    problem = audit.verify(db)
    assert problem is not None and problem.record_id == records[1].id


def test_deleted_newest_record_is_named(db):
    records = _write(db)
    db.execute(delete(AuditRecord).where(AuditRecord.id == records[-1].id))
    db.expire_all()
    problem = audit.verify(db)
    assert problem is not None and problem.record_id == records[-1].id


def test_recomputed_digest_without_chain_is_caught(db):
    """Rewriting a record and its own digest still breaks the link to the next record."""
    from xiaoneng.audit.rules import record_digest

    records = _write(db)
    r = records[2]
    forged = record_digest(seq=r.id, at=r.at, ip=r.ip, operator_id=r.operator_id, operator=r.operator,
                           center_id=r.center_id, action="item.delete", entity=r.entity, entity_id=r.entity_id,
                           detail=r.detail, prev_digest=r.prev_digest)
    db.execute(update(AuditRecord).where(AuditRecord.id == r.id).values(action="item.delete", digest=forged))
    db.expire_all()
    problem = audit.verify(db)
    assert problem is not None and problem.record_id == records[3].id
