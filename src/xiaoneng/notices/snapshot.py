"""What a notice says, written down when it is issued: the item's name, basis, limits, procedure and fees, every
material of the item with its copies and sample text and what the handler found, the refusal's reasons. Documents
are printed from this alone, so editing the item later does not change a notice already handed out."""

from __future__ import annotations

import datetime as dt

from xiaoneng.items import rules as item_rules
from xiaoneng.notices.rules import ASKED, Finding, NoticeKind, Problem, reason_text


def time_limit_label(case_limit_days: int, statutory_limit_days: int) -> str:
    """承诺时限 of the case and the statutory one, as people read them (即办, never "0 个工作日")."""
    promised = item_rules.limit_label(case_limit_days)
    statutory = item_rules.limit_label(statutory_limit_days, zero="未规定")
    return f"承诺办结时限 {promised}；法定办结时限 {statutory}"


def material_rows(materials, findings: dict[int, Finding], kind: NoticeKind) -> list[dict]:
    """Every required material, and the optional ones the handler asked for, in the item's order."""
    rows = []
    for m in materials:
        finding = findings.get(m.id)
        if not m.required and finding is None:
            continue
        if kind is NoticeKind.REFUSAL:
            problem, reason = Problem.LISTED, ""
        elif finding is None:
            problem, reason = Problem.SUBMITTED, ""
        else:
            problem, reason = finding.problem, finding.reason
        rows.append({"material_id": m.id, "name": m.name, "copies": m.copies or "", "sample_text": m.sample_text or "",
                     "required": bool(m.required), "status": problem.value, "reason": reason,
                     "status_text": reason_text(problem, reason)})
    return rows


def asked_names(snapshot: dict) -> set[str]:
    """The materials a notice asks for (missing or non-compliant)."""
    return {m["name"] for m in snapshot.get("materials", []) if m["status"] in {p.value for p in ASKED}}


def build(*, kind: NoticeKind, center_name: str, case, item, department_name: str, handler_name: str,
          materials, findings: dict[int, Finding], reasons: list[str], note: str, received_on: dt.date) -> dict:
    return {
        "kind": kind.value, "center": center_name, "department": department_name, "handler": handler_name,
        "case_number": case.number, "received_on": received_on.isoformat(),
        "applicant": case.applicant_name, "applicant_type": case.applicant_type,
        "item": {"code": item.code, "name": item.name, "legal_basis": item.legal_basis or "",
                 "time_limit": time_limit_label(case.limit_days, item.statutory_limit_days),
                 "procedure": item.procedure or "", "fees": item.fees or ""},
        "materials": material_rows(materials, findings, kind),
        "reasons": list(reasons), "note": note,
    }
