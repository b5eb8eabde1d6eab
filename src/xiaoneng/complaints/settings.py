"""The center's complaint settings: working days to answer by type, to sign for, and the duplicate period."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import ComplaintSettings
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor

# field → (label, lowest, highest)
FIELDS = {
    "consult_days": ("咨询办理时限", 1, 60), "help_days": ("求助办理时限", 1, 60),
    "complaint_days": ("投诉办理时限", 1, 60), "report_days": ("举报办理时限", 1, 60),
    "suggest_days": ("建议办理时限", 1, 60), "sign_days": ("签收时限", 1, 5),
    "duplicate_days": ("重复件判定期间", 1, 365),
}


def current(session: Session, *, actor: Actor) -> ComplaintSettings:
    actor.require("complaints.settings")
    return common.settings_for(session, actor_center_id(actor))


def update(session: Session, *, actor: Actor, values: dict) -> ComplaintSettings:
    """Every field checked before anything is saved; applies to complaints registered or reopened afterwards."""
    actor.require("complaints.settings")
    center_id = actor_center_id(actor)
    parsed = {}
    for field, (label, low, high) in FIELDS.items():
        text = str(values.get(field, "")).strip()
        if not text.isdigit() or not low <= int(text) <= high:
            unit = "天" if field == "duplicate_days" else "个工作日"
            raise ValidationFailed(f"{label}须为 {low} 至 {high} 之间的整数（{unit}）", field=field)
        parsed[field] = int(text)
    if parsed["sign_days"] > min(parsed[f] for f in FIELDS if f.endswith("_days") and f not in
                                 ("sign_days", "duplicate_days")):
        raise ValidationFailed("签收时限不能长于任何一类的办理时限", field="sign_days")
    row = session.get(ComplaintSettings, center_id)
    if row is None:
        row = common.settings_for(session, center_id)
        session.add(row)
    changes = {f: [getattr(row, f), v] for f, v in parsed.items() if getattr(row, f) != v}
    for field, value in parsed.items():
        setattr(row, field, value)
    session.flush()
    audit.record(session, actor=actor, action="complaint.settings", entity="complaint_settings", entity_id=center_id,
                 center_id=center_id, detail={"changes": changes})
    return row


def defaults() -> dict[str, int]:
    return {**{f"{k}_days": v for k, v in rules.DEFAULT_DAYS.items()}, "sign_days": rules.DEFAULT_SIGN_DAYS,
            "duplicate_days": rules.DEFAULT_DUPLICATE_DAYS}
