"""What insights read: the records behind each measure counted in SQL (GROUP BY unit, this period against the
baseline), the texts of a period for the topics, names of units, and the stored runs, topics and warnings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Integer, case, cast, delete, func, literal, or_, select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case
from xiaoneng.complaints.models import Complaint
from xiaoneng.inquiries.models import Inquiry
from xiaoneng.insights.models import AnomalyWarning, HotTopic, InsightRun
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.clock import TZ, local
from xiaoneng.org.models import Department, ServicePoint, Staff, Window
from xiaoneng.ratings.models import Rating


@dataclass(frozen=True)
class Measure:
    """Where a measure's records are: the table, the day that places a record in a period, the flag counted (None:
    every record counts, a volume), the conditions, the unit columns and the columns a rise is decomposed by."""

    model: type
    day: object
    flag: object | None
    where: tuple
    units: dict
    parts: dict


def _measures() -> dict[str, Measure]:
    complaint_department = func.coalesce(Complaint.department_id, Complaint.suggested_department_id)
    return {
        # The default 满意 is nobody's judgement: a rate of bad reviews among the ratings people gave.
        "bad_rate": Measure(Rating, Rating.rated_on, Rating.is_bad, (Rating.is_default.is_(False),),
                            {"department": Rating.department_id, "item": Rating.item_id, "window": Rating.window_id,
                             "staff": Rating.staff_id},
                            {"item": Rating.item_id, "window": Rating.window_id, "staff": Rating.staff_id,
                             "channel": Rating.channel}),
        # A duplicate merged into another complaint is one matter, counted once.
        "complaints": Measure(Complaint, Complaint.received_on, None, (Complaint.merged_into_id.is_(None),),
                              {"department": complaint_department, "item": Complaint.item_id,
                               "window": Complaint.window_id, "staff": Complaint.staff_id},
                              {"item": Complaint.item_id, "window": Complaint.window_id, "staff": Complaint.staff_id,
                               "channel": Complaint.channel, "topic": Complaint.topic, "kind": Complaint.kind}),
        # Cases due in the period: overdue now, or completed after their due day.
        "overdue": Measure(Case, Case.due_on, or_(Case.overdue.is_(True), Case.completed_on > Case.due_on),
                           (Case.status != "rejected", Case.due_on.is_not(None)),
                           {"department": Case.department_id, "item": Case.item_id, "window": Case.window_id,
                            "staff": Case.handler_id},
                           {"item": Case.item_id, "window": Case.window_id, "staff": Case.handler_id,
                            "channel": Case.origin}),
    }


MEASURES = _measures()


def _sums(m: Measure, start: dt.date):
    current = m.day >= start
    one = literal(1)
    flagged = case((m.flag, 1), else_=0) if m.flag is not None else one
    return (func.sum(case((current, flagged), else_=0)), func.sum(case((current, one), else_=0)),
            func.sum(case((current, 0), else_=flagged)), func.sum(case((current, 0), else_=one)))


def _counted(m: Measure, column, center_id: int, baseline_start: dt.date, start: dt.date, end: dt.date, where=()):
    return (select(column.label("key"), *[cast(s, Integer) for s in _sums(m, start)])
            .where(m.model.center_id == center_id, m.day >= baseline_start, m.day <= end, column.is_not(None),
                   *m.where, *where)
            .group_by(column))


def unit_counts(session: Session, *, center_id: int, measure: str, unit_kind: str, start: dt.date, end: dt.date,
                baseline_start: dt.date) -> list[tuple]:
    """(unit id, flagged now, records now, flagged before, records before) per unit: one GROUP BY."""
    m = MEASURES[measure]
    return [tuple(r) for r in session.execute(_counted(m, m.units[unit_kind], center_id, baseline_start, start, end))]


def part_counts(session: Session, *, center_id: int, measure: str, unit_kind: str, unit_id: int, dimension: str,
                start: dt.date, end: dt.date, baseline_start: dt.date) -> list[tuple]:
    """The same figures of one unit split by a part (its items, windows, staff, channels, topics)."""
    m = MEASURES[measure]
    stmt = _counted(m, m.parts[dimension], center_id, baseline_start, start, end, (m.units[unit_kind] == unit_id,))
    return [tuple(r) for r in session.execute(stmt)]


def bad_comments(session: Session, *, center_id: int, unit_kind: str, unit_id: int, start: dt.date, end: dt.date,
                 baseline_start: dt.date) -> list[tuple[str, bool]]:
    """(comment, in the period) of the unit's bad reviews with a comment: what their dimensions are tagged from."""
    column = MEASURES["bad_rate"].units[unit_kind]
    rows = session.execute(select(Rating.comment, Rating.rated_on >= start)
                           .where(Rating.center_id == center_id, column == unit_id, Rating.is_bad.is_(True),
                                  Rating.rated_on >= baseline_start, Rating.rated_on <= end, Rating.comment != ""))
    return [(r[0], bool(r[1])) for r in rows]


# --- texts of a period -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    source: str  # rating | complaint | inquiry
    id: int
    text: str
    department_id: int | None
    point_id: int | None
    day: dt.date
    support: int = 0


def texts(session: Session, *, center_id: int, start: dt.date, end: dt.date, limit: int) -> list[Text]:
    """The period's rating comments, complaints (a duplicate once) and inquiries, each source at most `limit`, the
    latest first; the service point is the window's."""
    out: list[Text] = []
    rating_day = Rating.rated_on
    stmt = (select(Rating.id, Rating.comment, Rating.department_id, Window.service_point_id, rating_day)
            .outerjoin(Window, Window.id == Rating.window_id)
            .where(Rating.center_id == center_id, rating_day >= start, rating_day <= end, Rating.comment != "",
                   Rating.is_default.is_(False)).order_by(Rating.id.desc()).limit(limit))
    out += [Text("rating", *r) for r in session.execute(stmt)]
    department = func.coalesce(Complaint.department_id, Complaint.suggested_department_id)
    stmt = (select(Complaint.id, Complaint.content, department, Window.service_point_id, Complaint.received_on)
            .outerjoin(Window, Window.id == Complaint.window_id)
            .where(Complaint.center_id == center_id, Complaint.received_on >= start, Complaint.received_on <= end,
                   Complaint.merged_into_id.is_(None)).order_by(Complaint.id.desc()).limit(limit))
    out += [Text("complaint", *r) for r in session.execute(stmt)]
    stmt = (select(Inquiry.id, Inquiry.content, Inquiry.department_id, Inquiry.asked_at)
            .where(Inquiry.center_id == center_id, Inquiry.asked_at >= _moment(start),
                   Inquiry.asked_at < _moment(end + dt.timedelta(days=1)))
            .order_by(Inquiry.id.desc()).limit(limit))
    out += [Text("inquiry", r[0], r[1], r[2], None, local(r[3]).date()) for r in session.execute(stmt)]
    return out


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), TZ)


def volume_by_department(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[int, int]:
    """{department id: rating comments and complaints} of a period, counted in SQL."""
    totals: dict[int, int] = {}
    department = func.coalesce(Complaint.department_id, Complaint.suggested_department_id)
    statements = (
        select(Rating.department_id, func.count())
        .where(Rating.center_id == center_id, Rating.rated_on >= start, Rating.rated_on <= end, Rating.comment != "",
               Rating.is_default.is_(False), Rating.department_id.is_not(None)).group_by(Rating.department_id),
        select(department, func.count())
        .where(Complaint.center_id == center_id, Complaint.received_on >= start, Complaint.received_on <= end,
               Complaint.merged_into_id.is_(None), department.is_not(None)).group_by(department))
    for stmt in statements:
        for dept, n in session.execute(stmt):
            totals[dept] = totals.get(dept, 0) + n
    return totals


def text_totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, int]:
    """How many texts each source has in the period (what a sample of them is scaled up to)."""
    return {
        "rating": session.scalar(select(func.count()).select_from(Rating).where(
            Rating.center_id == center_id, Rating.rated_on >= start, Rating.rated_on <= end, Rating.comment != "",
            Rating.is_default.is_(False))) or 0,
        "complaint": session.scalar(select(func.count()).select_from(Complaint).where(
            Complaint.center_id == center_id, Complaint.received_on >= start, Complaint.received_on <= end,
            Complaint.merged_into_id.is_(None))) or 0,
        "inquiry": session.scalar(select(func.count()).select_from(Inquiry).where(
            Inquiry.center_id == center_id, Inquiry.asked_at >= _moment(start),
            Inquiry.asked_at < _moment(end + dt.timedelta(days=1)))) or 0,
    }


# --- names -----------------------------------------------------------------------------------------------------------

NAME_COLUMNS = {"department": (Department, Department.name), "item": (ServiceItem, ServiceItem.name),
                "window": (Window, Window.name), "staff": (Staff, Staff.full_name),
                "point": (ServicePoint, ServicePoint.name)}


def names(session: Session, kind: str, ids) -> dict[int, str]:
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    model, column = NAME_COLUMNS[kind]
    return dict(session.execute(select(model.id, column).where(model.id.in_(ids))).all())


def unit_departments(session: Session, kind: str, ids) -> dict[int, int | None]:
    """The department each unit belongs to (a department is its own), for scoping its warning."""
    ids = set(ids)
    if not ids:
        return {}
    if kind == "department":
        return {i: i for i in ids}
    model = {"item": ServiceItem, "window": Window, "staff": Staff}[kind]
    return dict(session.execute(select(model.id, model.department_id).where(model.id.in_(ids))).all())


# --- stored results --------------------------------------------------------------------------------------------------

def find_run(session: Session, *, center_id: int, kind: str, start: dt.date, end: dt.date) -> InsightRun | None:
    return session.scalar(select(InsightRun).where(InsightRun.center_id == center_id, InsightRun.kind == kind,
                                                   InsightRun.period_start == start, InsightRun.period_end == end))


def replace_run(session: Session, *, center_id: int, kind: str, start: dt.date, end: dt.date,
                computed_at: dt.datetime) -> InsightRun:
    old = find_run(session, center_id=center_id, kind=kind, start=start, end=end)
    if old is not None:
        session.execute(delete(HotTopic).where(HotTopic.run_id == old.id))
        session.delete(old)
        session.flush()
    run = InsightRun(center_id=center_id, kind=kind, period_start=start, period_end=end, computed_at=computed_at)
    session.add(run)
    session.flush()
    return run


def runs(session: Session, *, center_id: int, kind: str) -> list[InsightRun]:
    return list(session.scalars(select(InsightRun).where(InsightRun.center_id == center_id, InsightRun.kind == kind)
                                .order_by(InsightRun.period_start.desc(), InsightRun.period_end.desc())))


def topics_of(session: Session, run_id: int) -> list[HotTopic]:
    return list(session.scalars(select(HotTopic).where(HotTopic.run_id == run_id).order_by(HotTopic.rank)))


def find_warning(session: Session, *, center_id: int, measure: str, unit_kind: str, unit_id: int, start: dt.date,
                 end: dt.date) -> AnomalyWarning | None:
    return session.scalar(select(AnomalyWarning).where(
        AnomalyWarning.center_id == center_id, AnomalyWarning.measure == measure,
        AnomalyWarning.unit_kind == unit_kind, AnomalyWarning.unit_id == unit_id,
        AnomalyWarning.period_start == start, AnomalyWarning.period_end == end))


def warning_counts(session: Session, *, center_id: int, department_id: int | None = None) -> dict[str, int]:
    stmt = (select(AnomalyWarning.state, func.count()).where(AnomalyWarning.center_id == center_id)
            .group_by(AnomalyWarning.state))
    if department_id is not None:
        stmt = stmt.where(AnomalyWarning.department_id == department_id)
    return dict(session.execute(stmt).all())
