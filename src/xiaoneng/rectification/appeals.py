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
from xiaoneng.rectification.common import _level, _load, _moment, _text
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
    return _step(session, actor=actor, rect=rect, action=Action.APPEAL, at=moment, detail={"reason": reason},
                 changes={"status_before_appeal": rect.status, "appeal_reason": reason,
                          "appealed_by_id": actor.user_id, "appealed_at": moment})


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
    return _step(session, actor=actor, rect=rect, action=action, at=moment,
                 detail={"reason": reason, "uphold": uphold}, changes=changes)


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
