"""Complaints as texts about the staff member they name, in id order, for the conduct scan (E4): a complaint that
names staff misconduct becomes a finding there."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.complaints.models import Complaint
from xiaoneng.complaints.rules import Kind
from xiaoneng.kit.staff_text import StaffText

ABOUT_CONDUCT = (Kind.COMPLAINT, Kind.REPORT)


def complaints_after(session: Session, after_id: int, limit: int = 2000) -> list[StaffText]:
    rows = session.execute(select(Complaint.id, Complaint.center_id, Complaint.department_id,
                                  Complaint.suggested_department_id, Complaint.staff_id, Complaint.content)
                           .where(Complaint.id > after_id, Complaint.kind.in_(ABOUT_CONDUCT))
                           .order_by(Complaint.id).limit(limit))
    return [StaffText(id=r.id, center_id=r.center_id, department_id=r.department_id or r.suggested_department_id,
                      staff_id=r.staff_id, text=r.content, link=f"/complaints/{r.id}") for r in rows]


def confirmed_departments(session: Session, center_id: int) -> list[tuple[str, int]]:
    """(subject and text, department) of a center's complaints whose department was confirmed by assigning them
    (a merged duplicate counts once, through the complaint it joined): what a department model learns from."""
    rows = session.execute(select(Complaint.title, Complaint.content, Complaint.department_id)
                           .where(Complaint.center_id == center_id, Complaint.department_id.is_not(None),
                                  Complaint.merged_into_id.is_(None)).order_by(Complaint.id))
    return [(f"{r.title}\n{r.content}" if r.title else r.content, r.department_id) for r in rows]
