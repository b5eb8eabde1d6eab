"""D2-D3: the steps of the loop through its transition table: contact, the four paths, feedback, callback, close."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar_service
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Conflict, Forbidden, ValidationFailed
from xiaoneng.kit import acting
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.common import (
    _date, _day, _deadlines, _level, _link, _load, _moment, _notify, _ref, _staff_with_role, _text,
)
from xiaoneng.rectification.loop_settings import _rule_settings, settings_for
from xiaoneng.rectification.models import ContactLog, Rectification
from xiaoneng.rectification.rules import Action, Escalation, Status


def _step(session: Session, *, actor: Actor, rect: Rectification, action: Action, at: dt.datetime,
          detail: dict, changes: dict | None = None) -> Rectification:
    """Move the record through the transition table, re-time it, and audit the step in the same transaction.

    The transition is checked before `changes` are applied, so a refused step leaves the record untouched.
    """
    before = Status(rect.status)
    previous = Status(rect.status_before_appeal) if rect.status_before_appeal else None
    try:
        after = rules.next_status_for(before, action, real_name=rect.real_name, before_appeal=previous)
    except rules.TransitionRefused as refused:
        raise Conflict(str(refused), field="action") from None
    for name, value in (changes or {}).items():
        setattr(rect, name, value)
    rect.status = after.value
    row = settings_for(session, center_id=rect.center_id)
    calendar = calendar_service.get_calendar(session, center_id=rect.center_id)
    if after in rules.AWAITING_CALLBACK and before not in rules.AWAITING_CALLBACK:
        rect.handled_on = at.date()
        rect.callback_due = (rules.callback_deadline(rect.handled_on, _rule_settings(row), calendar)
                             if rect.real_name else None)
        rect.callback_due_provisional = bool(rect.callback_due and calendar.is_provisional(rect.callback_due))
    due = rules.current_due(after, _deadlines(rect), rect.ledger_due, rect.callback_due)
    rect.current_due = due
    level = rules.escalation(due, at.date(), _rule_settings(row), calendar)
    if level.value != rect.escalation:
        rect.escalation = level.value
        rect.escalated_at = at if level is not Escalation.NONE else None
    session.flush()
    acted = acting.note(session, actor=actor, owner_id=rect.staff_id, entity="rectification", entity_id=rect.id,
                        action=rules.ACTION_LABELS.get(action, "整改办理"), summary=f"差评整改（{rect.received_on}收到）："
                        f"{rules.ACTION_LABELS.get(action, '整改办理')}", link=f"/rectifications/{rect.id}", at=at)
    audit.record(session, actor=actor, action=f"rectification.{action.value}", entity="rectification",
                 entity_id=rect.id, detail={"from": before.value, "to": after.value, **detail, **acted},
                 center_id=rect.center_id)
    if after in rules.AWAITING_CALLBACK and before not in rules.AWAITING_CALLBACK:
        _invite_rater(session, actor=actor, rect=rect, at=at)
    return rect


def _invite_rater(session: Session, *, actor: Actor, rect: Rectification, at: dt.datetime) -> None:
    """D7: the rater of a real-name bad review gets an SMS with a link to rate the rectification itself."""
    from xiaoneng.config import get_settings
    from xiaoneng.ratings import service as ratings_service
    from xiaoneng.ratings.links import rectification_link

    rating = ratings_service.get_rating(session, actor=system_actor(rect.center_id), rating_id=rect.rating_id)
    if not (rect.real_name and rating.rater_phone):
        return
    settings = get_settings()
    link = rectification_link(rect, secret=settings.secret_key, now=at, base_url=settings.public_base_url)
    notifications.queue_message(
        session, channel="sms", address=rating.rater_phone, actor=actor, center_id=rect.center_id,
        key=f"rectification-invite:{rect.id}",
        body=f"【政务服务好差评】您反映的问题已处理，请对整改情况进行评价：{link}")


def log_contact(session: Session, *, actor: Actor, rectification_id, method: str, summary: str,
                at: dt.datetime | None = None) -> ContactLog:
    """D2: record that the rater was contacted (when, how, who, what was said)."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    code = rules.method_code(method, rules.CONTACT_METHODS)
    if code is None:
        raise ValidationFailed("联系方式须为电话、短信、上门或网上", field="method")
    summary = _text(summary, field="summary", label="联系情况")
    moment = _moment(at)
    _step(session, actor=actor, rect=rect, action=Action.CONTACT, at=moment, detail={"method": code, "summary": summary})
    entry = ContactLog(rectification_id=rect.id, at=moment, method=code, by_id=actor.user_id, summary=summary)
    repo.add(session, entry)
    return entry


def solve_on_spot(session: Session, *, actor: Actor, rectification_id, measures: str,
                  at: dt.datetime | None = None) -> Rectification:
    """D2: the problem was solved on the spot, at receipt (rules.on_spot_refusal); the record waits for its callback."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    measures = _text(measures, field="measures", label="解决措施")
    moment = _moment(at)
    refusal = rules.on_spot_refusal(Status(rect.status), received_on=rect.received_on, today=moment.date(),
                                    contacted=bool(rect.contacts), escalation_level=rect.escalation)
    if refusal:
        raise Conflict(refusal, field="action")
    return _step(session, actor=actor, rect=rect, action=Action.SOLVE_ON_SPOT, at=moment,
                 detail={"measures": measures}, changes={"path": "on_spot", "measures": measures})


def confirm_problem(session: Session, *, actor: Actor, rectification_id, problem: str,
                    at: dt.datetime | None = None) -> Rectification:
    """D2: the problem is confirmed and rectified within the rectification deadline."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    problem = _text(problem, field="problem", label="确认的问题")
    return _step(session, actor=actor, rect=rect, action=Action.CONFIRM, at=_moment(at), detail={"problem": problem},
                 changes={"path": "rectified", "problem": problem})


def _ledger_input(rect: Rectification, *, ledger_due, problem: str, moment: dt.datetime,
                  known: str = "") -> tuple[dt.date, str]:
    """The deadline (after today) and the problem: as typed, else the one already known (confirmed or proposed)."""
    due = _date(ledger_due, field="ledger_due", label="台账整改期限")
    if due <= moment.date():
        raise ValidationFailed("台账整改期限须晚于今天", field="ledger_due")
    known = rect.problem or known
    problem = _text(problem, field="problem", label="确认的问题", required=not known) or known
    return due, problem


def _ledger_open(rect: Rectification) -> None:
    if rules.Action.TO_LEDGER not in rules.allowed_actions(Status(rect.status)):
        raise Conflict(f"当前状态“{rules.STATUS_LABELS[Status(rect.status)]}”下不能列入台账", field="action")


def to_ledger(session: Session, *, actor: Actor, rectification_id, ledger_due, problem: str = "",
              at: dt.datetime | None = None) -> Rectification:
    """D2: a complex problem goes into the ledger (台账) with a deadline set by a leader (rules.ledger_right): the
    head of the department concerned or a center leader, who may confirm or change a supervisor's proposal."""
    rect = _load(session, actor, rectification_id, "rectification.read")
    right = rules.ledger_right(actor.role, actor_department_id=actor.department_id,
                               record_department_id=rect.department_id)
    if right is not rules.LedgerRight.SET:
        raise Forbidden("台账整改期限须由本科室负责人或中心领导确定"
                        + ("；效能监察可提出建议期限" if right is rules.LedgerRight.PROPOSE else ""))
    moment = _moment(at)
    due, problem = _ledger_input(rect, ledger_due=ledger_due, problem=problem, moment=moment,
                                 known=rect.ledger_proposal)
    proposal = rect.ledger_proposed_due
    proposer = rect.ledger_proposed_by_id
    detail = {"ledger_due": due.isoformat(), "problem": problem}
    if proposal is not None:
        detail["proposed_due"] = proposal.isoformat()
    rect = _step(session, actor=actor, rect=rect, action=Action.TO_LEDGER, at=moment, detail=detail,
                 changes={"path": "ledger", "problem": problem, "ledger_due": due, "ledger_set_by_id": actor.user_id,
                          "ledger_proposed_due": None, "ledger_proposal": "", "ledger_proposed_by_id": None,
                          "ledger_proposed_at": None})
    recipients = {rid for rid in (rect.staff_id, proposer) if rid and rid != actor.user_id}
    verdict = ("" if proposal is None else "（按建议确定）" if proposal == due
               else f"（建议 {_day(proposal)}，已改定）")
    for rid in sorted(recipients):
        _notify(session, recipient_id=rid, kind="ledger", link=_link(rect), center_id=rect.center_id,
                key=f"rect:{rect.id}:ledger:{due}:{rid}",
                title=f"差评整改 {_ref(rect)} 已列入台账，须于 {_day(due)} 前完成整改",
                body=f"台账整改期限由{actor.full_name or '中心领导'}确定为 {_day(due)}{verdict}。问题：{problem}")
    return rect


def propose_ledger(session: Session, *, actor: Actor, rectification_id, ledger_due, problem: str = "",
                   at: dt.datetime | None = None) -> Rectification:
    """A supervisor proposes putting the record into the ledger with a deadline; the record stays where it is and
    the leaders who may decide (the department's heads, the center's leaders) are told."""
    rect = _load(session, actor, rectification_id, "rectification.read")
    right = rules.ledger_right(actor.role, actor_department_id=actor.department_id,
                               record_department_id=rect.department_id)
    if right is rules.LedgerRight.SET:
        raise Conflict("您可直接确定台账整改期限，无需提出建议", field="action")
    if right is not rules.LedgerRight.PROPOSE:
        raise Forbidden("只有效能监察可提出台账整改期限建议")
    _ledger_open(rect)
    moment = _moment(at)
    due, problem = _ledger_input(rect, ledger_due=ledger_due, problem=problem, moment=moment)
    rect.ledger_proposed_due, rect.ledger_proposal = due, problem
    rect.ledger_proposed_by_id, rect.ledger_proposed_at = actor.user_id, moment
    session.flush()
    audit.record(session, actor=actor, action="rectification.propose_ledger", entity="rectification",
                 entity_id=rect.id, detail={"ledger_due": due.isoformat(), "problem": problem},
                 center_id=rect.center_id)
    leaders = {s.id for s in _staff_with_role(session, center_id=rect.center_id, role=Role.DEPT_HEAD,
                                              department_id=rect.department_id)}
    leaders |= {s.id for s in _staff_with_role(session, center_id=rect.center_id, role=Role.DIRECTOR)}
    stamp = moment.strftime("%Y%m%d%H%M%S")
    for rid in sorted(leaders):
        _notify(session, recipient_id=rid, kind="ledger", link=_link(rect), center_id=rect.center_id,
                key=f"rect:{rect.id}:ledger_proposal:{stamp}:{rid}",
                title=f"差评整改 {_ref(rect)} 建议列入台账（建议期限 {_day(due)}），请确定整改期限",
                body=f"{actor.full_name or '效能监察'}建议列入台账限期整改，期限 {_day(due)}。问题：{problem}。"
                     "请确认或改定期限。")
    return rect


def explain(session: Session, *, actor: Actor, rectification_id, explanation: str,
            at: dt.datetime | None = None) -> Rectification:
    """D2: a request without legal basis gets an explanation (解释说明) recorded."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    explanation = _text(explanation, field="explanation", label="解释说明")
    return _step(session, actor=actor, rect=rect, action=Action.EXPLAIN, at=_moment(at),
                 detail={"explanation": explanation}, changes={"path": "explained", "explanation": explanation})


def feed_back(session: Session, *, actor: Actor, rectification_id, measures: str,
              at: dt.datetime | None = None) -> Rectification:
    """D2: the rectification is done and fed back to the rater."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    measures = _text(measures, field="measures", label="整改措施")
    moment = _moment(at)
    return _step(session, actor=actor, rect=rect, action=Action.FEED_BACK, at=moment, detail={"measures": measures},
                 changes={"measures": measures, "fed_back_at": moment})


def callback(session: Session, *, actor: Actor, rectification_id, method: str, level, note: str = "",
             at: dt.datetime | None = None) -> Rectification:
    """D3: call the rater back (phone or online questionnaire) and record their satisfaction again."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    code = rules.method_code(method, rules.CALLBACK_METHODS)
    if code is None:
        raise ValidationFailed("回访方式须为电话回访或网上问卷", field="method")
    new_level = _level(level, field="level")
    note = _text(note, field="note", label="回访记录", required=False)
    moment = _moment(at)
    return _step(session, actor=actor, rect=rect, action=Action.CALLBACK, at=moment,
                 detail={"method": code, "level": new_level, "note": note},
                 changes={"callback_at": moment, "callback_method": code, "callback_level": new_level,
                          "callback_note": note, "callback_by_id": actor.user_id})


def close(session: Session, *, actor: Actor, rectification_id, at: dt.datetime | None = None) -> Rectification:
    """Close a record whose loop is done (real-name ones only after their callback)."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    moment = _moment(at)
    if Status(rect.status) in rules.AWAITING_CALLBACK and rect.real_name:
        raise Conflict("实名差评须先回访才能办结", field="action")
    return _step(session, actor=actor, rect=rect, action=Action.CLOSE, at=moment, detail={},
                 changes={"closed_at": moment})
