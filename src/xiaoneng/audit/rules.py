"""How an audit record's digest is computed and how a chain is checked: pure functions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def record_digest(*, seq: int, at: dt.datetime, ip: str, operator_id: int | None, operator: str,
                  center_id: int | None, action: str, entity: str, entity_id: str, detail: str, prev_digest: str) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "ip": ip,
            "operator_id": operator_id,
            "operator": operator,
            "center_id": center_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "detail": detail,
            "prev": prev_digest,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    record_id: int
    reason: str


def verify_chain(records: Iterable, *, head_last_id: int, head_last_digest: str) -> ChainProblem | None:
    """Walk records in id order; return the first broken one, or None when the chain is intact."""
    expected_prev, expected_id = GENESIS, 1
    for r in records:
        if r.id != expected_id:
            return ChainProblem(expected_id, f"记录 #{expected_id} 缺失（被删除）")
        if r.prev_digest != expected_prev:
            return ChainProblem(r.id, f"记录 #{r.id} 的前序摘要与记录 #{r.id - 1} 不符")
        digest = record_digest(
            seq=r.id, at=r.at, ip=r.ip, operator_id=r.operator_id, operator=r.operator, center_id=r.center_id,
            action=r.action, entity=r.entity, entity_id=r.entity_id, detail=r.detail, prev_digest=r.prev_digest,
        )
        if digest != r.digest:
            return ChainProblem(r.id, f"记录 #{r.id} 的内容已被改动（摘要不符）")
        expected_prev, expected_id = r.digest, r.id + 1
    last_id = expected_id - 1
    if last_id < head_last_id:
        return ChainProblem(last_id + 1, f"记录 #{last_id + 1} 至 #{head_last_id} 缺失（被删除）")
    if last_id > head_last_id or (last_id and expected_prev != head_last_digest):
        return ChainProblem(last_id, f"链头与记录 #{last_id} 不符")
    return None
