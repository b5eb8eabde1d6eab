"""A person's own inquiry work for their home page: referrals waiting on them (or their department), and the
inquiries they answered first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.inquiries import rules
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.kit.scope import Actor

LIMIT = 200


def open_referrals(session: Session, *, actor: Actor, staff_id: int | None = None,
                   department_id: int | None = None) -> list[tuple[Referral, Inquiry]]:
    """Referrals not yet answered, assigned to `staff_id` or sent to `department_id`, earliest due first."""
    actor.require("inquiries.read")
    stmt = (select(Referral, Inquiry).join(Inquiry, Inquiry.id == Referral.inquiry_id)
            .where(Referral.center_id == actor.center_id, Referral.status != rules.ReferralStatus.ANSWERED))
    if staff_id is not None:
        stmt = stmt.where(Referral.assigned_staff_id == staff_id)
    elif department_id is not None:
        stmt = stmt.where(Referral.department_id == department_id)
    else:
        return []
    return [(r, i) for r, i in session.execute(stmt.order_by(Referral.answer_by, Referral.id).limit(LIMIT))]


def logged_by(session: Session, *, actor: Actor, limit: int = LIMIT) -> list[Inquiry]:
    """The inquiries the actor answered first (首问), newest first."""
    actor.require("inquiries.read")
    return list(session.scalars(select(Inquiry).where(
        Inquiry.center_id == actor.center_id, Inquiry.responder_id == actor.user_id)
        .order_by(Inquiry.asked_at.desc(), Inquiry.id.desc()).limit(limit)))
