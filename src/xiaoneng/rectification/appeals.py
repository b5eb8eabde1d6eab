"""D7: appeal and review of a bad review, and the rater's own rating of the rectification."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, NotFound
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.auth.rules import Role
from xiaoneng.rectification.common import _day, _level, _link, _load, _moment, _notify, _ref, _staff_with_role, _text
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import Action, Status
from xiaoneng.rectification.steps import _step


def appeal(session: Session, *, actor: Actor, rectification_id, reason: str,
           at: dt.datetime | None = None) -> Rectification:
    """D7: the department asks that the review be judged mistaken or malicious."""
    rect = _load(session, actor, rectification_id, "rectification.appeal")
    reason = _text(reason, field="reason", label="申诉理由")
    if rect.appeal_decision == "rejected":
        raise Conflict("该差评的申诉已被驳回，不能再次申诉", field="action")
    moment = _moment(at)
    rect = _step(session, actor=actor, rect=rect, action=Action.APPEAL, at=moment, detail={"reason": reason},
                 changes={"status_before_appeal": rect.status, "appeal_reason": reason,
                          "appealed_by_id": actor.user_id, "appealed_at": moment})
    # Those who decide appeals (rectification.decide: the supervisors and the center's leaders) are told.
    deciders = {s.id for role in (Role.SUPERVISOR, Role.DIRECTOR)
                for s in _staff_with_role(session, center_id=rect.center_id, role=role)}
    for rid in sorted(deciders - {actor.user_id}):
        _notify(session, recipient_id=rid, kind="appeal", link=_link(rect), center_id=rect.center_id,
                key=f"rect:{rect.id}:appeal:{rid}",
                title=f"差评整改 {_ref(rect)} 提出申诉，请复核（整改反馈期限 {_day(rect.rectify_due)}）",
                body=f"{actor.full_name or '科室'}申诉该差评为误评或恶意差评：{reason}。复核前整改暂停计时。")
    return rect


def decide_appeal(session: Session, *, actor: Actor, rectification_id, uphold: bool, reason: str,
                  at: dt.datetime | None = None) -> Rectification:
    """D7: uphold (the review is excluded from every counted statistic) or reject (the loop goes on), with reasons."""
    rect = _load(session, actor, rectification_id, "rectification.decide")
    reason = _text(reason, field="reason", label="复核意见")
    if rect.appealed_by_id is not None and rect.appealed_by_id == actor.user_id:
        raise Conflict("申诉人不能复核自己的申诉", field="action")
    moment = _moment(at)
    action = Action.UPHOLD_APPEAL if uphold else Action.REJECT_APPEAL
    changes = {"appeal_decision": "upheld" if uphold else "rejected", "appeal_decision_reason": reason,
               "appeal_decided_by_id": actor.user_id, "appeal_decided_at": moment, "excluded": uphold}
    if not uphold:
        changes["status_before_appeal"] = None
    rect = _step(session, actor=actor, rect=rect, action=action, at=moment,
                 detail={"reason": reason, "uphold": uphold}, changes=changes)
    appellant = rect.appealed_by_id
    if appellant and appellant != actor.user_id:
        if uphold:
            title = f"差评整改 {_ref(rect)} 申诉成立，该差评不计入统计"
            body = f"复核意见：{reason}"
        else:
            due = rect.current_due
            then = f"，当前环节期限 {_day(due)}" if due else ""
            title = f"差评整改 {_ref(rect)} 申诉被驳回{then}"
            body = f"复核意见：{reason}。整改继续{then}。"
        _notify(session, recipient_id=appellant, kind="appeal", link=_link(rect), center_id=rect.center_id,
                key=f"rect:{rect.id}:appeal_decided:{appellant}", title=title, body=body)
    return rect


def rate_rectification(session: Session, *, rectification_id, level, comment: str = "") -> Rectification:
    """D7: the rater's own rating of the rectification, from the public page opened with a signed token."""
    rect = repo.get_for_update(session, record_id(rectification_id))
    if rect is None:
        raise NotFound()
    if Status(rect.status) not in rules.AWAITING_CALLBACK | {Status.CALLED_BACK, Status.CLOSED}:
        raise Conflict("整改尚未完成，暂不能评价", field="level")
    if rect.rater_level is not None:
        raise Conflict("您已评价过本次整改", field="level")
    value = _level(level, field="level")
    comment = _text(comment, field="comment", label="评价内容", max_len=500, required=False)
    rect.rater_level, rect.rater_comment = value, comment
    session.flush()
    audit.record(session, actor=system_actor(rect.center_id, name="rater"), action="rectification.rate",
                 entity="rectification", entity_id=rect.id, detail={"level": value, "comment": comment},
                 center_id=rect.center_id)
    return rect
