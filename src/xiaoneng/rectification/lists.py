"""Lists of records, a record's contact log and timeline, the actions open to an actor, the callback rate (D3)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.models import ContactLog, Rectification
from xiaoneng.rectification.rules import Action, CallbackRate, Escalation, Status


def list_rectifications(session: Session, *, actor: Actor, status: str | None = None, department_id=None,
                        overdue: bool = False, real_name: bool | None = None, escalation: str | None = None,
                        received_from: dt.date | None = None, received_to: dt.date | None = None,
                        today: dt.date | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Records in scope, filtered by status, department, overdue and real name."""
    stmt = rectifications_query(actor=actor, status=status, department_id=department_id, overdue=overdue,
                                real_name=real_name, escalation=escalation, received_from=received_from,
                                received_to=received_to, today=today)
    return paginate(session, stmt, page=page, per_page=per_page)


def rectifications_query(*, actor: Actor, status: str | None = None, department_id=None, overdue: bool = False,
                         real_name: bool | None = None, escalation: str | None = None,
                         received_from: dt.date | None = None, received_to: dt.date | None = None,
                         today: dt.date | None = None) -> Select:
    """The list's statement (the page, the API and the export): the filters checked, newest first."""
    actor.require("rectification.read")
    statuses = None
    if status:
        if status == "open":
            statuses = [s.value for s in rules.OPEN_STATUSES]
        elif status == "pending":
            statuses = [s.value for s in Status if s not in rules.FINISHED]
        else:
            try:
                statuses = [Status(status).value]
            except ValueError:
                raise ValidationFailed("未知的整改状态", field="status") from None
    escalations = None
    if escalation:
        if escalation == "overdue":
            escalations = [Escalation.DEPARTMENT_HEAD.value, Escalation.DIRECTOR.value]
        else:
            try:
                escalations = [Escalation(escalation).value]
            except ValueError:
                raise ValidationFailed("未知的升级级别", field="escalation") from None
    dept = int(department_id) if department_id not in (None, "") else None
    return repo.rectifications(actor=actor, statuses=statuses, department_id=dept,
                               overdue_on=(today or clock.today()) if overdue else None, real_name=real_name,
                               escalations=escalations, received_from=received_from, received_to=received_to)


def contacts(session: Session, *, actor: Actor, rect: Rectification) -> list[ContactLog]:
    """The record's contact log, oldest first."""
    ensure_visible(rect, actor)
    return repo.contacts(session, rect.id)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str
    action: str
    operator: str
    detail: dict


def timeline(session: Session, *, actor: Actor, rect: Rectification) -> list[TimelineEntry]:
    """The record's history from the audit chain, oldest first; contacts appear with what was said."""
    ensure_visible(rect, actor)
    # The audit chain is read on the record's behalf: whoever may see the record may see its own history.
    records = audit.list_records(session, actor=system_actor(rect.center_id), entity="rectification",
                                 entity_id=str(rect.id), limit=500)
    entries = [TimelineEntry(at=rec.at, kind="audit", action=rec.action.removeprefix("rectification."),
                             operator=rec.operator, detail=json.loads(rec.detail or "{}")) for rec in records]
    return entries[::-1]  # the chain lists newest first


def allowed_actions(rect: Rectification, actor: Actor, *, today: dt.date | None = None) -> list[Action]:
    """The actions this actor may take on the record now, for the forms of its page."""
    day = today or clock.today()
    needs = {Action.UPHOLD_APPEAL: "rectification.decide",
             Action.REJECT_APPEAL: "rectification.decide", Action.APPEAL: "rectification.appeal"}
    ledger = rules.ledger_right(actor.role, actor_department_id=actor.department_id,
                                record_department_id=rect.department_id)
    out = []
    for action in rules.allowed_actions_for(Status(rect.status), real_name=rect.real_name):
        if action is Action.TO_LEDGER:
            if ledger is rules.LedgerRight.PROPOSE:
                out.append(Action.PROPOSE_LEDGER)
            elif ledger is rules.LedgerRight.SET:
                out.append(action)
            continue
        if not actor.can(needs.get(action, "rectification.act")):
            continue
        if action is Action.APPEAL and rect.appeal_decision == "rejected":
            continue
        if action is Action.SOLVE_ON_SPOT and rules.on_spot_refusal(
                Status(rect.status), received_on=rect.received_on, today=day, contacted=bool(rect.contacts),
                escalation_level=rect.escalation):
            continue
        if action in (Action.UPHOLD_APPEAL, Action.REJECT_APPEAL) and rect.appealed_by_id == actor.user_id:
            continue
        out.append(action)
    return out


# --- D3: the callback-and-rectification rate -----------------------------------------------------------------------

@dataclass(frozen=True)
class CallbackReport:
    start: dt.date
    end: dt.date
    department_id: int | None
    all_reviews: CallbackRate  # every real-name bad review counted
    counted: CallbackRate  # reviews excluded by an upheld appeal left out (D7)
    pending: list[Rectification]


def callback_rate(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                  department_id: int | None = None) -> CallbackReport:
    """D3: real-name bad reviews received in [start, end] whose loop is finished, both D7 views, and the pending.

    S0 art.15 asks 100% of real-name bad reviews called back: one still pending counts whatever month it was
    received in (up to `end`), so a record left over from an earlier period lowers the rate until it is done."""
    actor.require("rectification.read")
    if start > end:
        raise ValidationFailed("开始日期不能晚于结束日期", field="start")
    pending_statuses = [s.value for s in Status if s not in rules.FINISHED]
    records = repo.all_of(session, repo.callback_rate_records(actor=actor, start=start, end=end,
                                                              pending_statuses=pending_statuses,
                                                              department_id=department_id))
    all_reviews, counted = rules.callback_rates([Status(r.status) for r in records])
    pending = [r for r in records if Status(r.status) not in rules.FINISHED]
    return CallbackReport(start=start, end=end, department_id=department_id, all_reviews=all_reviews,
                          counted=counted, pending=pending)
