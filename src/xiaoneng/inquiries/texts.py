"""Inquiry records as texts about their first responder (the content noted and the answer given), in id order."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.inquiries.models import Inquiry
from xiaoneng.kit.staff_text import StaffText


def inquiries_after(session: Session, after_id: int, limit: int = 2000) -> list[StaffText]:
    rows = session.execute(select(Inquiry.id, Inquiry.center_id, Inquiry.department_id, Inquiry.responder_id,
                                  Inquiry.content, Inquiry.answer)
                           .where(Inquiry.id > after_id).order_by(Inquiry.id).limit(limit))
    return [StaffText(id=r.id, center_id=r.center_id, department_id=r.department_id, staff_id=r.responder_id,
                      text="\n".join(t for t in (r.content, r.answer) if t), link=f"/inquiries/{r.id}") for r in rows]
