"""The dashboards' SQL: counts grouped in the database, scoped to the actor (kit.scope), never rows read to count.

Ratings and cases are counted from their own tables (`source_counts`, for the days the rollup does not reach and for
the rollup itself) or from the rollup (`rollup_counts`); open and overdue work is counted from each domain's table.
Keys: "day", "month" (YYYY-MM), "department", "staff".
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, case, delete, func, insert, literal_column, select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case, CaseOrigin, CaseStatus
from xiaoneng.complaints.models import Complaint
from xiaoneng.complaints.rules import Status as ComplaintStatus
from xiaoneng.dashboards.models import DashboardCenterDay, DashboardDay, DashboardRollup
from xiaoneng.dashboards.rules import Totals
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.inspections.rules import FindingStatus
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org.models import Center
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import OPEN_STATUSES, Status as LoopStatus
from xiaoneng.supervision.models import SupervisionNotice
from xiaoneng.supervision.rules import NoticeStatus

OPEN_CASE = (CaseStatus.RECEIVED.value, CaseStatus.ACCEPTED.value)
COMPLAINT_DONE = (ComplaintStatus.CLOSED.value, ComplaintStatus.MERGED.value)
FINDING_OPEN = (FindingStatus.OPEN.value, FindingStatus.ANSWERED.value)
LOOP_OPEN = tuple(s.value for s in OPEN_STATUSES if s != LoopStatus.APPEALED)


def _sum(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _month(session: Session, day_column) -> ColumnElement:
    if _dialect(session) == "postgresql":
        return func.to_char(day_column, "YYYY-MM")
    return func.strftime("%Y-%m", day_column)


def _local(session: Session, moment_column, what: str) -> ColumnElement:
    """The local (Asia/Shanghai, UTC+8 all year) day or month of a stored UTC time."""
    if _dialect(session) == "postgresql":
        local = moment_column.op("AT TIME ZONE")(literal_column("'Asia/Shanghai'"))
        return func.date(local) if what == "day" else func.to_char(local, "YYYY-MM")
    return func.date(moment_column, "+8 hours") if what == "day" else func.strftime("%Y-%m", moment_column, "+8 hours")


def _utc_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), TZ).astimezone(dt.UTC)


def _keys(session: Session, by: tuple[str, ...], *, day, department, staff, moment=None) -> list:
    columns = []
    for key in by:
        if key == "day":
            columns.append(_local(session, moment, "day") if moment is not None else day)
        elif key == "month":
            columns.append(_local(session, moment, "month") if moment is not None else _month(session, day))
        elif key == "department":
            columns.append(department)
        elif key == "staff":
            columns.append(staff)
        else:
            raise ValueError(key)
    return columns


def _text_key(row, width: int) -> tuple:
    """Days come back as dates from PostgreSQL and as text from SQLite's date(): one form for both."""
    return tuple(v.isoformat() if isinstance(v, dt.date) else v for v in row[:width])


def source_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date, by: tuple[str, ...],
                  staff_id: int | None = None) -> dict[tuple, Totals]:
    """Ratings given and cases received and completed on [start, end], grouped by `by`: three statements, each an
    index range of its table (ratings by center or department and day, cases by completion day and receipt time)."""
    found: dict[tuple, list[int]] = {}
    width = len(by)

    def add(rows, slots: tuple[int, ...]) -> None:
        for row in rows:
            slot = found.setdefault(_text_key(row, width), [0] * len(COUNT_NAMES))
            for i, value in zip(slots, row[width:], strict=True):
                slot[i] += int(value or 0)

    keys = _keys(session, by, day=Rating.rated_on, department=Rating.department_id, staff=Rating.staff_id)
    ratings = scoped(select(*keys, func.count(), _sum(Rating.is_default.is_(True)), _sum(Rating.level >= 4),
                            _sum((Rating.level >= 4) & Rating.is_default.is_(True)), _sum(Rating.is_bad.is_(True)))
                     .where(Rating.rated_on >= start, Rating.rated_on <= end), Rating, actor)
    if staff_id is not None:
        ratings = ratings.where(Rating.staff_id == staff_id)
    add(session.execute(ratings.group_by(*keys)), (0, 1, 2, 3, 4))

    keys = _keys(session, by, day=Case.completed_on, department=Case.department_id, staff=Case.handler_id)
    late = Case.due_on.is_not(None) & (Case.completed_on > Case.due_on)
    completed = scoped(select(*keys, func.count(), _sum(Case.overdue.is_(False)), _sum(late))
                       .where(Case.completed_on >= start, Case.completed_on <= end,
                              Case.status == CaseStatus.COMPLETED.value), Case, actor)
    if staff_id is not None:
        completed = completed.where(Case.handler_id == staff_id)
    add(session.execute(completed.group_by(*keys)), (6, 7, 9))

    keys = _keys(session, by, day=None, department=Case.department_id, staff=Case.handler_id, moment=Case.received_at)
    received = scoped(select(*keys, func.count(), _sum(Case.origin == CaseOrigin.ONLINE.value)).where(
        Case.received_at >= _utc_start(start), Case.received_at < _utc_start(end + dt.timedelta(days=1))), Case, actor)
    if staff_id is not None:
        received = received.where(Case.handler_id == staff_id)
    add(session.execute(received.group_by(*keys)), (5, 8))
    return {key: Totals(*values) for key, values in found.items()}


COUNT_NAMES = ("ratings", "ratings_default", "satisfied", "satisfied_default", "bad", "cases_received",
               "cases_completed", "cases_on_time", "cases_online", "cases_late")
ROLLUP_SUMS = (DashboardDay.ratings, DashboardDay.ratings_default, DashboardDay.satisfied,
               DashboardDay.satisfied_default, DashboardDay.bad, DashboardDay.cases_received,
               DashboardDay.cases_completed, DashboardDay.cases_on_time, DashboardDay.cases_online,
               DashboardDay.cases_late)


def rollup_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date, by: tuple[str, ...],
                  staff_id: int | None = None) -> dict[tuple, Totals]:
    """The same figures from the rollup: a center's days when the whole center is counted by day or month, else the
    rows of its departments and staff (a hundred thousand for a year of a large center)."""
    whole_center = staff_id is None and not actor.department_scoped and set(by) <= {"day", "month"}
    table = DashboardCenterDay if whole_center else DashboardDay
    keys = _keys(session, by, day=table.day, department=getattr(table, "department_id", None),
                 staff=getattr(table, "staff_id", None))
    stmt = scoped(select(*keys, *(func.coalesce(func.sum(getattr(table, name)), 0) for name in COUNT_NAMES))
                  .where(table.day >= start, table.day <= end), table, actor)
    if staff_id is not None:
        stmt = stmt.where(DashboardDay.staff_id == staff_id)
    width = len(by)
    return {_text_key(row, width): Totals(*(int(v) for v in row[width:]))
            for row in session.execute(stmt.group_by(*keys))}


def rollup_through(session: Session, center_id: int) -> dt.date | None:
    return session.scalar(select(DashboardRollup.through).where(DashboardRollup.center_id == center_id))


def rollup_rows(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[tuple, tuple]:
    """The stored rows of [start, end]: (day, department, staff) -> the counts."""
    stmt = select(DashboardDay.day, DashboardDay.department_id, DashboardDay.staff_id, *ROLLUP_SUMS).where(
        DashboardDay.center_id == center_id, DashboardDay.day >= start, DashboardDay.day <= end)
    return {(row[0].isoformat(), row[1], row[2]): tuple(int(v) for v in row[3:]) for row in session.execute(stmt)}


def active_centers(session: Session) -> list[int]:
    return list(session.scalars(select(Center.id).where(Center.active.is_(True)).order_by(Center.id)))


def replace_rollup(session: Session, *, center_id: int, start: dt.date, end: dt.date,
                   rows: dict[tuple, Totals], through: dt.date, now: dt.datetime) -> None:
    """Write the days [start, end] anew and move the center's mark to `through` (one transaction, the job's)."""
    for table in (DashboardDay, DashboardCenterDay):
        session.execute(delete(table).where(table.center_id == center_id, table.day >= start, table.day <= end))
    values = [dict(center_id=center_id, day=dt.date.fromisoformat(day), department_id=department, staff_id=staff,
                   **dict(zip(COUNT_NAMES, t.as_tuple(), strict=True)))
              for (day, department, staff), t in rows.items() if any(t.as_tuple())]
    days: dict[str, Totals] = {}
    for (day, _, _), t in rows.items():  # the day's sum over its aggregated rows, not over records
        days[day] = days.get(day, Totals()) + t
    if values:
        session.execute(insert(DashboardDay), values)
        session.execute(insert(DashboardCenterDay), [
            dict(center_id=center_id, day=dt.date.fromisoformat(day),
                 **dict(zip(COUNT_NAMES, t.as_tuple(), strict=True))) for day, t in days.items() if any(t.as_tuple())])
    state = session.get(DashboardRollup, center_id)
    if state is None:
        session.add(DashboardRollup(center_id=center_id, through=through, refreshed_at=now))
    else:
        state.through, state.refreshed_at = through, now
    session.flush()


def first_day(session: Session, center_id: int) -> dt.date | None:
    """The earliest day a rating was given or a case completed or received (from the index ends)."""
    days = [session.scalar(select(func.min(Rating.rated_on)).where(Rating.center_id == center_id)),
            session.scalar(select(func.min(Case.completed_on)).where(Case.center_id == center_id))]
    received = session.scalar(select(func.min(Case.received_at)).where(Case.center_id == center_id))
    if received is not None:
        days.append(received.astimezone(TZ).date())
    days = [d for d in days if d is not None]
    return min(days) if days else None


# --- open and overdue work -------------------------------------------------------------------------------------

def overdue_by_department(session: Session, *, actor: Actor, today: dt.date) -> dict[str, dict[int | None, int]]:
    """Per kind of work, the overdue count of each department: open cases past their due date, bad reviews past
    the current step's deadline, complaints past the sign-for or answer deadline, findings past their deadline,
    督办 notices not answered in time."""
    def grouped(stmt, column) -> dict[int | None, int]:
        return {k: int(n) for k, n in session.execute(stmt.group_by(column))}

    return {
        "cases": grouped(scoped(select(Case.department_id, func.count()).where(
            Case.overdue.is_(True), Case.status.in_(OPEN_CASE)), Case, actor), Case.department_id),
        "loop": grouped(scoped(select(Rectification.department_id, func.count()).where(
            Rectification.status.in_(LOOP_OPEN), Rectification.current_due.is_not(None),
            Rectification.current_due < today), Rectification, actor), Rectification.department_id),
        "complaints": grouped(scoped(select(Complaint.department_id, func.count()).where(
            Complaint.status.not_in(COMPLAINT_DONE), Complaint.deadline_state == "overdue"), Complaint, actor),
            Complaint.department_id),
        "findings": grouped(scoped(select(InspectionFinding.department_id, func.count()).where(
            InspectionFinding.status == FindingStatus.OPEN.value, InspectionFinding.due_on < today),
            InspectionFinding, actor), InspectionFinding.department_id),
        "notices": grouped(scoped(select(SupervisionNotice.department_id, func.count()).where(
            SupervisionNotice.status == NoticeStatus.ISSUED.value, SupervisionNotice.reply_due < today),
            SupervisionNotice, actor),
            SupervisionNotice.department_id),
    }


def open_work(session: Session, *, actor: Actor, today: dt.date) -> dict[str, int]:
    """What is open now: bad reviews in the loop, appeals, complaints (open, overdue, to sign), findings."""
    loop = scoped(select(_sum(Rectification.status.in_(LOOP_OPEN)),
                         _sum(Rectification.status == LoopStatus.APPEALED.value))
                  .where(Rectification.status.in_([s.value for s in OPEN_STATUSES])), Rectification, actor)
    complaints = scoped(select(func.count(), _sum(Complaint.deadline_state == "overdue"),
                               _sum(Complaint.status == ComplaintStatus.ASSIGNED.value))
                        .where(Complaint.status.not_in(COMPLAINT_DONE)), Complaint, actor)
    findings = scoped(select(func.count(), _sum(InspectionFinding.due_on < today))
                      .where(InspectionFinding.status.in_(FINDING_OPEN)), InspectionFinding, actor)
    (loop_open, appeals), = session.execute(loop).all()
    (c_open, c_overdue, c_sign), = session.execute(complaints).all()
    (f_open, f_overdue), = session.execute(findings).all()
    return {"loop_open": int(loop_open), "appeals": int(appeals), "complaints_open": int(c_open),
            "complaints_overdue": int(c_overdue), "complaints_to_sign": int(c_sign),
            "findings_open": int(f_open), "findings_overdue": int(f_overdue)}
