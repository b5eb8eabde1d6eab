"""Entering a social-channel rating (综合点评, C2): resolve what it is about, then submit it as the staff who typed it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.cases import service as cases
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.edits import clean_text
from xiaoneng.kit.scope import Actor
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import Channel


def _id(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit():
        raise ValidationFailed("请选择有效的记录", field=field)
    return int(text)


def enter_social(session: Session, *, actor: Actor, social_source: str, level, comment: str = "", window_id=None,
                 staff_id=None, case_number: str = "", rater_name: str = "", rater_phone: str = ""):
    """Record a social-channel rating for a window, a staff member or a case (its last completed step)."""
    actor.require("ratings.enter")
    window_id, staff_id = _id(window_id, "window_id"), _id(staff_id, "staff_id")
    step_id = None
    if clean_text(case_number):
        case = cases.find_case_by_number(session, actor=actor, number=case_number)
        if case is None:
            raise ValidationFailed("未找到该办件编号", field="case_number")
        done = [s for s in case.steps if s.completed_at is not None]
        if not done:
            raise ValidationFailed("该办件尚未办结", field="case_number")
        step_id, window_id, staff_id = done[-1].id, None, None
    elif window_id is None and staff_id is None:
        raise ValidationFailed("请选择被评价的窗口、工作人员或填写办件编号", field="window_id")
    real_name = bool(clean_text(rater_name) or clean_text(rater_phone))
    rater = ratings.Rater(name=rater_name, phone=rater_phone, real_name=real_name, ip=actor.ip,
                          key=f"social:{actor.user_id}:{step_id}" if step_id and not rater_phone else "")
    return ratings.submit_rating(session, actor=actor, channel=Channel.SOCIAL, level=level or None, rater=rater,
                                 step_id=step_id, window_id=window_id, staff_id=staff_id, comment=comment,
                                 social_source=social_source)
