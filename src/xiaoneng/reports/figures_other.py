"""The period's figures of the other domains: the bad-review loop (rectification), complaints, inspections,
attendance and duty-system breaches. Counts are GROUP BYs in the database; where a domain already computes a
figure (the real-name callback rate, attendance's month, the breach list) its service is asked for it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from xiaoneng.complaints import rules as complaint_rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.inspections import rules as inspection_rules
from xiaoneng.inspections.models import InspectionFinding, Visit
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Department, ServicePoint
from xiaoneng.rectification import rules as loop_rules
from xiaoneng.rectification.models import Rectification


def _pairs(session: Session, stmt) -> dict:
    return {key: value for key, value in session.execute(stmt)}


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _department_names(session: Session, center_id: int) -> dict:
    return _pairs(session, select(Department.id, Department.name).where(Department.center_id == center_id))


# --- the bad-review loop ------------------------------------------------------------------------------------------

FINISHED = [s.value for s in loop_rules.FINISHED]


@dataclass(frozen=True)
class LoopCounts:
    received: int = 0  # bad reviews whose loop opened in the period
    finished: int = 0  # called back, closed, or excluded by an upheld appeal
    escalated: int = 0  # ran over a deadline and was escalated
    appealed: int = 0
    excluded: int = 0
    real_name: int = 0


def loop_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, key=None) -> dict:
    group = [key] if key is not None else []
    stmt = select(*group, func.count(), _sum(Rectification.status.in_(FINISHED)),
                  _sum(Rectification.escalation != "none"), _sum(Rectification.appealed_at.is_not(None)),
                  _sum(Rectification.excluded.is_(True)), _sum(Rectification.real_name.is_(True))) \
        .where(Rectification.center_id == center_id, Rectification.received_on >= start,
               Rectification.received_on <= end).group_by(*group)
    out = {}
    for row in session.execute(stmt):
        k, values = (row[0], row[1:]) if group else (None, row)
        out[k] = LoopCounts(*(int(v) for v in values))
    return out


def loop_totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> LoopCounts:
    return loop_by(session, center_id=center_id, start=start, end=end).get(None, LoopCounts())


def loop_by_department(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list[tuple[str, LoopCounts]]:
    names = _department_names(session, center_id)
    found = loop_by(session, center_id=center_id, start=start, end=end, key=Rectification.department_id)
    return sorted(((names.get(k, "未分部门"), v) for k, v in found.items()), key=lambda r: (-r[1].received, r[0]))


def callback_rate(session: Session, *, center_id: int, start: dt.date, end: dt.date):
    """The real-name callback rate as the loop's own list computes it (rectification.lists.callback_rate)."""
    from xiaoneng.rectification import service as rectification

    return rectification.callback_rate(session, actor=system_actor(center_id), start=start, end=end)


# --- complaints ----------------------------------------------------------------------------------------------------

NOT_MERGED = Complaint.status != complaint_rules.Status.MERGED


@dataclass(frozen=True)
class ComplaintCounts:
    received: int = 0  # merged duplicates left out: one matter counts once
    answered: int = 0
    on_time: int = 0
    closed: int = 0
    asked: int = 0  # called back
    satisfied: int = 0  # 满意 or 基本满意 at the callback

    @property
    def on_time_rate(self):
        return self.on_time / self.answered if self.answered else None

    @property
    def satisfaction(self):
        return self.satisfied / self.asked if self.asked else None


SATISFIED = [complaint_rules.Callback.SATISFIED.value, complaint_rules.Callback.BASIC.value]


def complaints_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, key=None) -> dict:
    group = [key] if key is not None else []
    stmt = select(*group, func.count(), _sum(Complaint.answered_on_time.is_not(None)),
                  _sum(Complaint.answered_on_time.is_(True)), _sum(Complaint.status == complaint_rules.Status.CLOSED),
                  _sum(Complaint.callback_result != ""), _sum(Complaint.callback_result.in_(SATISFIED))) \
        .where(Complaint.center_id == center_id, Complaint.received_on >= start, Complaint.received_on <= end,
               NOT_MERGED).group_by(*group)
    out = {}
    for row in session.execute(stmt):
        k, values = (row[0], row[1:]) if group else (None, row)
        out[k] = ComplaintCounts(*(int(v) for v in values))
    return out


def complaint_totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> ComplaintCounts:
    return complaints_by(session, center_id=center_id, start=start, end=end).get(None, ComplaintCounts())


def complaints_labelled(session: Session, *, center_id: int, start: dt.date, end: dt.date, by: str) -> list:
    """[(label, ComplaintCounts)] by kind, channel, department or topic."""
    key = {"kind": Complaint.kind, "channel": Complaint.channel, "department": Complaint.department_id,
           "topic": Complaint.topic}[by]
    found = complaints_by(session, center_id=center_id, start=start, end=end, key=key)
    if by == "kind":
        label = lambda k: complaint_rules.KIND_LABELS.get(complaint_rules.Kind(k), k)  # noqa: E731
    elif by == "channel":
        label = lambda k: complaint_rules.CHANNEL_LABELS.get(complaint_rules.Channel(k), k)  # noqa: E731
    elif by == "department":
        names = _department_names(session, center_id)
        label = lambda k: names.get(k, "未分派")  # noqa: E731
    else:
        label = lambda k: k or "未分类"  # noqa: E731
    return sorted(((label(k), v) for k, v in found.items()), key=lambda r: (-r[1].received, r[0]))


# --- inspections ---------------------------------------------------------------------------------------------------

RECORDED = inspection_rules.VisitStatus.RECORDED.value


def visits_by_kind(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, int]:
    stmt = select(Visit.kind, func.count()).where(Visit.center_id == center_id, Visit.day >= start, Visit.day <= end,
                                                  Visit.status == RECORDED).group_by(Visit.kind)
    return {inspection_rules.KIND_LABELS.get(inspection_rules.VisitKind(k), k): int(n) for k, n in session.execute(stmt)}


@dataclass(frozen=True)
class FindingCounts:
    found: int = 0
    closed: int = 0  # of those found in the period, closed by its end
    overdue: int = 0  # of those found in the period, not closed and past due at its end


def findings_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, key=None) -> dict:
    group = [key] if key is not None else []
    closed = (InspectionFinding.closed_on.is_not(None)) & (InspectionFinding.closed_on <= end)
    stmt = select(*group, func.count(), _sum(closed),
                  _sum(~closed & InspectionFinding.due_on.is_not(None) & (InspectionFinding.due_on < end))) \
        .select_from(InspectionFinding).join(ServicePoint, ServicePoint.id == InspectionFinding.point_id) \
        .where(InspectionFinding.center_id == center_id, InspectionFinding.found_on >= start,
               InspectionFinding.found_on <= end).group_by(*group)
    out = {}
    for row in session.execute(stmt):
        k, values = (row[0], row[1:]) if group else (None, row)
        out[k] = FindingCounts(*(int(v) for v in values))
    return out


def finding_totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> FindingCounts:
    return findings_by(session, center_id=center_id, start=start, end=end).get(None, FindingCounts())


def findings_by_point_type(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list:
    found = findings_by(session, center_id=center_id, start=start, end=end, key=ServicePoint.point_type)
    return sorted(found.items(), key=lambda r: (-r[1].found, r[0]))


def findings_by_department(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list:
    names = _department_names(session, center_id)
    found = findings_by(session, center_id=center_id, start=start, end=end, key=InspectionFinding.department_id)
    return sorted(((names.get(k, "未指定单位"), v) for k, v in found.items()), key=lambda r: (-r[1].found, r[0]))


# --- attendance and breaches (through their services) -----------------------------------------------------------

def attendance_departments(session: Session, *, center_id: int, month: str, today: dt.date) -> list:
    """attendance's month per department (its people, days present and absent, late, key-time absences)."""
    from xiaoneng.attendance import summary

    rows = summary.monthly_summary(session, actor=system_actor(center_id), month=month, today=today)
    return summary.department_totals(rows)


def breaches(session: Session, *, center_id: int, start: dt.date, end: dt.date,
             split: dt.date) -> tuple[tuple[Counter, Counter], tuple[Counter, Counter]]:
    """((by kind, by department) from `split` to `end`, the same before `split`): the breaches of a period and of the
    one before it, counted by every duty domain's source (supervision.breaches.gather_counts)."""
    from xiaoneng.supervision import breaches as breach_list

    found = breach_list.gather_counts(session, actor=system_actor(center_id), start=start, end=end)
    out = ((Counter(), Counter()), (Counter(), Counter()))
    for (day, kind, department), n in found.items():
        kinds, departments = out[0] if day >= split else out[1]
        kinds[kind] += n
        departments[department or "未分部门"] += n
    return out
