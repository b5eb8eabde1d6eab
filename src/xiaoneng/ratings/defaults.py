"""The applicant's rating invitations (C2/C7) and the default 满意 of every step left unrated (C4)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases import service as cases
from xiaoneng.config import get_settings
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.identifiers import is_mobile
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings import rules
from xiaoneng.ratings.checks import APPLICANT
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.rules import Channel

DEFAULT_BATCH = 500


def invite_on_step_completed(session: Session, *, actor: Actor, step, now: dt.datetime) -> None:
    """Subscriber of cases.service.on_step_completed (installed by xiaoneng.wiring): the rating invitation."""
    invite_applicant(session, actor=actor, step=step, now=now, key=f"rating-invite:{step.id}")


def invite_applicant(session: Session, *, actor: Actor, step, now: dt.datetime, key: str, settings=None):
    """Queue the SMS that gives a case's applicant the rating link of a completed step (C2/C7); the link goes to
    the applicant's phone only, never to a staff member's screen. The outbox message, or None when the applicant
    has no mobile, the step is closed for rating, or a message of this `key` was queued already."""
    from xiaoneng.notifications import service as notifications
    from xiaoneng.ratings import links

    settings = settings or get_settings()
    case = step.case
    phone = re.sub(r"\D", "", case.applicant_phone or "")
    if not is_mobile(phone) or step.rating_closed:
        return None
    link = links.step_link(step, secret=settings.secret_key, now=now, base_url=settings.public_base_url)
    if not link:
        return None
    return notifications.queue_message(
        session, channel="sms", address=phone, actor=actor, center_id=case.center_id, key=key,
        body=f"【政务服务好差评】您的办件{case.number}“{step.name}”环节已办结，"
             f"请在{step.rating_due_on:%m月%d日}前评价：{link}")


def send_applicant_link(session: Session, *, actor: Actor, step_id: int, now: dt.datetime | None = None,
                        settings=None) -> None:
    """Staff send the applicant the rating link of a step again, by SMS (at most once a day per step), instead
    of ever seeing the link: a link in staff hands would let them rate their own service as the applicant."""
    actor.require("cases.write")
    now = now or clock.now()
    step = cases.get_step(session, actor=actor, step_id=step_id)
    case = step.case
    if step.completed_at is None:
        raise ValidationFailed("该环节尚未完成，完成后才能邀请评价", field="step_id")
    if step.rating_closed or clock.local(now).date() > step.rating_due_on:
        raise Conflict("该环节已评价或已过评价期", field="step_id")
    if not is_mobile(re.sub(r"\D", "", case.applicant_phone or "")):
        raise ValidationFailed("申请人没有登记手机号码，无法发送评价短信", field="step_id")
    day = clock.local(now).date()
    message = invite_applicant(session, actor=actor, step=step, now=now, key=f"rating-resend:{step.id}:{day}",
                               settings=settings)
    if message is None:
        raise Conflict("今天已向申请人补发过该环节的评价短信", field="step_id")
    audit.record(session, actor=actor, action="send_rating_link", entity="case", entity_id=case.id,
                 center_id=case.center_id, detail={"step": step.id, "message": message.id})


def record_due_defaults(session: Session, *, today: dt.date, now: dt.datetime | None = None,
                        batch: int = DEFAULT_BATCH) -> int:
    """Record the default 满意 for every completed step whose 5-working-day window closed before today (C4).

    Idempotent (a step is closed once rated or defaulted; the unique step+rater key backs it up) and it catches
    up: after downtime every window that passed is handled, each dated the day after its window closed.
    """
    now = now or clock.now()
    total = 0
    actor = system_actor()
    while True:
        steps = repo.steps_past_window(session, today=today, limit=batch)
        if not steps:
            return total
        for step in steps:
            case = step.case
            session.add(Rating(
                center_id=step.center_id, department_id=step.department_id, window_id=step.window_id or case.window_id,
                staff_id=step.handler_id or case.handler_id, item_id=case.item_id, case_id=case.id, step_id=step.id,
                channel=Channel.DEFAULT, level=int(rules.DEFAULT_LEVEL), is_bad=False, is_default=True, indicators={},
                rater_key=APPLICANT, rated_at=now, rated_on=step.rating_due_on + dt.timedelta(days=1), flags=[],
            ))
            step.rating_closed = True
        session.flush()
        total += len(steps)
        audit.record(session, actor=actor, action="default_rating", entity="rating", center_id=steps[0].center_id,
                     detail={"count": len(steps), "steps": [s.id for s in steps]})
