"""不予受理 as an outcome of a case: the application is not accepted, with its reasons; the clock ends, so the case
is neither open nor overdue any more (deadline jobs, recomputes and the open lists leave REJECTED cases alone)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases import rules
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseStatus, EventKind
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit.scope import Actor

REASON_MAX = 200
REASONS_MAX = 10


def check_reasons(reasons: list[str]) -> list[str]:
    """The refusal's reasons, each named by its row when it is wrong; at least one."""
    cleaned = [str(r or "").strip() for r in reasons or []]
    for i, reason in enumerate(cleaned, start=1):
        if len(reason) > REASON_MAX:
            raise ValidationFailed(f"第{i}条不予受理理由不能超过{REASON_MAX}个字", field=f"reasons[{i - 1}]")
    found = [r for r in cleaned if r]
    if not found:
        raise ValidationFailed("请填写不予受理的理由", field="reasons")
    if len(found) > REASONS_MAX:
        raise ValidationFailed(f"不予受理理由最多{REASONS_MAX}条", field="reasons")
    return found


def check_refusable(case: Case) -> None:
    problem = rules.refusal_problem(case.status, case.accepted_at is not None)
    if problem:
        raise Conflict(problem, field="status")


def refuse_case(session: Session, *, actor: Actor, case_id: int, reasons: list[str],
                at: dt.datetime | None = None) -> Case:
    """不予受理: status REJECTED, a REFUSED clock event with the reasons, the clock ended, audited."""
    actor.require("cases.write")
    case = cases.get_case(session, actor=actor, case_id=case_id)
    found = check_reasons(reasons)
    check_refusable(case)
    at = cases._now(at)
    cases._event(session, case, actor, EventKind.REFUSED, at, reason="；".join(found))
    cases._refresh_clock(session, case, cases._day(at))
    case.status, case.deadline_state, case.overdue = CaseStatus.REJECTED, "", False
    session.flush()
    audit.record(session, actor=actor, action="refuse", entity="case", entity_id=case.id,
                 detail={"number": case.number, "reasons": found, **cases._acting(session, actor, case, "不予受理", at)})
    return case
