"""Builders of the inspection tests: a visit of today, the results of a record, small real images."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from PIL import Image

from xiaoneng.inspections import catalogue, rules
from xiaoneng.inspections.models import Visit


def visit_of(db, point, inspector, *, kind=rules.VisitKind.ROUTINE, day=dt.date(2026, 11, 18), codes=None) -> Visit:
    indicators = catalogue.indicators(db, center_id=point.center_id, point_type=point.point_type, active_only=True)
    chosen = [i.id for i in indicators if codes is None or i.code in codes]
    visit = Visit(center_id=point.center_id, kind=kind, day=day, point_id=point.id, inspector_id=inspector.id,
                  halves=2, indicator_ids=chosen)
    db.add(visit)
    db.flush()
    return visit


def results(db, visit, failed: dict[str, str] | None = None, na: set[str] = frozenset()) -> list[dict]:
    """Every indicator of the visit passed, except the codes failed (with their note) or not applicable."""
    failed = failed or {}
    found = catalogue.by_ids(db, visit.indicator_ids)
    out = []
    for indicator_id in visit.indicator_ids:
        code = found[indicator_id].code
        outcome = "fail" if code in failed else "na" if code in na else "pass"
        out.append({"indicator_id": indicator_id, "outcome": outcome, "note": failed.get(code, "")})
    return out


def key() -> str:
    return uuid.uuid4().hex


def jpeg(width: int = 64, height: int = 48, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="JPEG")
    return out.getvalue()


def png(width: int = 32, height: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()
