"""Conduct findings as breaches for the supervisors' list (supervision/breaches.py): a forbidden phrase found in a
text about a staff member, still to be checked or confirmed (a dismissed one is no breach)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.conduct.models import FINDING_STATUS_LABELS, SOURCE_LABELS, Finding, FindingStatus, Source
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org

KIND, KIND_LABEL = "conduct_finding", "服务规范用语"


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    actor.require("conduct.read")
    stmt = select(Finding).where(Finding.center_id == actor.center_id, Finding.status != FindingStatus.DISMISSED,
                                 Finding.found_on >= start, Finding.found_on <= end)
    if actor.department_scoped:
        stmt = stmt.where(Finding.department_id == actor.department_id)
    findings = list(session.scalars(stmt.order_by(Finding.found_on, Finding.id)))
    if not findings:
        return []
    names = org.staff_names(session, center_id=actor.center_id, staff_ids={f.staff_id for f in findings})
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
    return [Breach(
        kind=KIND, kind_label=KIND_LABEL, day=f.found_on, center_id=f.center_id, department_id=f.department_id,
        department_name=departments.get(f.department_id, ""), staff_id=f.staff_id,
        staff_name=names.get(f.staff_id, ""),
        summary=(f"{SOURCE_LABELS.get(Source(f.source), '记录')}中出现禁止用语“{f.phrase_text}”"
                 f"（{FINDING_STATUS_LABELS[FindingStatus(f.status)]}）"),
        link=f"/conduct?status={f.status}" + (f"&staff_id={f.staff_id}" if f.staff_id else ""),
    ) for f in findings]
