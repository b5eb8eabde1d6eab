"""The ratings' figures of a center's period, by the day each rating was given (rated_on), each a GROUP BY on the
covering indexes of the rating table: counts with and without the default 满意, bad reviews, by department,
channel and staff member, the indicator options bad reviews chose (the dimensions), the monthly trend, and what a
department's bad reviews came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings.models import IndicatorSet, Rating
from xiaoneng.reports import rules, sql


@dataclass(frozen=True)
class RatingCounts:
    total: int = 0  # every rating, the default 满意 included
    defaults: int = 0
    bad: int = 0
    level_sum: int = 0
    bad_given: int = 0  # bad reviews among the ratings people gave (a default is never bad, kept for clarity)
    level_sum_given: int = 0

    @property
    def given(self) -> int:
        return self.total - self.defaults

    @property
    def satisfaction(self) -> float | None:
        """满意率 with the defaults: ratings not bad over all ratings."""
        return rules.rate(self.total - self.bad, self.total)

    @property
    def satisfaction_given(self) -> float | None:
        """满意率 without the defaults: only what people chose."""
        return rules.rate(self.given - self.bad_given, self.given)

    @property
    def bad_rate(self) -> float | None:
        return rules.rate(self.bad, self.total)

    @property
    def bad_rate_given(self) -> float | None:
        return rules.rate(self.bad_given, self.given)

    @property
    def mean_level(self) -> float | None:
        return rules.rate(self.level_sum, self.total)


def _sum(condition, value=1):
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


DEFAULT = Rating.is_default.is_(True)
BAD = Rating.is_bad.is_(True)
GIVEN = Rating.is_default.is_(False)
COUNTS = (func.count(), _sum(DEFAULT), _sum(BAD), func.coalesce(func.sum(Rating.level), 0), _sum(BAD & GIVEN),
          _sum(GIVEN, Rating.level))


def _period(center_id: int, start: dt.date, end: dt.date):
    return [Rating.center_id == center_id, Rating.rated_on >= start, Rating.rated_on <= end]


def counts_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, key=None,
              where=()) -> dict:
    group = [key] if key is not None else []
    stmt = select(*group, *COUNTS).where(*_period(center_id, start, end), *where).group_by(*group)
    out = {}
    for row in session.execute(stmt):
        k, values = (row[0], row[1:]) if group else (None, row)
        out[k] = RatingCounts(*(int(v) for v in values))
    return out


def totals(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> RatingCounts:
    return counts_by(session, center_id=center_id, start=start, end=end).get(None, RatingCounts())


def total_of(counts) -> RatingCounts:
    """The center's counts as the sum of its departments' (by_department holds ratings of no department too)."""
    rows = list(counts)
    return RatingCounts(*(sum(getattr(c, f) for c in rows) for f in
                          ("total", "defaults", "bad", "level_sum", "bad_given", "level_sum_given")))


@dataclass(frozen=True)
class Unit:
    id: int | None
    name: str
    counts: RatingCounts


def by_department(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list[Unit]:
    """Every active department of the center, those without ratings too (a 部门评价 row of zeros), by code."""
    found = counts_by(session, center_id=center_id, start=start, end=end, key=Rating.department_id)
    departments = session.execute(select(Department.id, Department.name).where(
        Department.center_id == center_id, Department.active.is_(True)).order_by(Department.code))
    units = [Unit(did, name, found.pop(did, RatingCounts())) for did, name in departments]
    for did, counts in found.items():  # inactive departments with ratings, and ratings of no department
        name = session.get(Department, did).name if did is not None else "未分部门"
        units.append(Unit(did, name, counts))
    return units


def by_channel(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, RatingCounts]:
    return counts_by(session, center_id=center_id, start=start, end=end, key=Rating.channel)


def by_staff(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> list[Unit]:
    found = counts_by(session, center_id=center_id, start=start, end=end, key=Rating.staff_id)
    found.pop(None, None)
    rows = session.execute(select(Staff.id, Staff.full_name, Department.name)
                           .outerjoin(Department, Department.id == Staff.department_id)
                           .where(Staff.id.in_(list(found)))) if found else []
    names = {sid: f"{name}（{dept or '—'}）" for sid, name, dept in rows}
    return [Unit(sid, names.get(sid, ""), c) for sid, c in found.items()]


def monthly(session: Session, *, center_id: int, start: dt.date, end: dt.date) -> dict[str, RatingCounts]:
    """{YYYY-MM: RatingCounts} of the months of [start, end] (start a month's first day): the satisfaction trend,
    read from the dashboards' daily rollup up to its mark and from the ratings after it. The rollup keeps counts,
    not level sums, so the points carry no level_sum; a default 满意 is never bad, so bad_given is bad."""
    from xiaoneng.dashboards import figures as dashboard_figures

    months = rules.month_starts(start, end)
    found = dashboard_figures.month_counts(session, actor=system_actor(center_id), months=months, end=end)
    return {f"{m.year:04d}-{m.month:02d}": RatingCounts(total=t.ratings, defaults=t.ratings_default, bad=t.bad,
                                                         bad_given=t.bad)
            for m, t in zip(months, found, strict=True) if t.ratings}


# --- the dimensions: indicator options chosen with bad reviews --------------------------------------------------

_OPTIONS_SQL = {
    "sqlite": """SELECT i.key AS code, o.value AS option, count(*) AS n
                 FROM rating AS r, json_each(r.indicators) AS i, json_each(i.value) AS o
                 WHERE r.center_id = :center AND r.rated_on BETWEEN :start AND :end AND r.is_bad {extra}
                 GROUP BY i.key, o.value""",
    "postgresql": """SELECT i.key AS code, o.value AS option, count(*) AS n
                     FROM rating AS r, json_each(r.indicators) AS i, json_array_elements_text(i.value) AS o
                     WHERE r.center_id = :center AND r.rated_on BETWEEN :start AND :end AND r.is_bad {extra}
                     GROUP BY i.key, o.value""",
}


def indicator_names(session: Session) -> dict[str, str]:
    """{indicator code: name} over every indicator set (a rating keeps the version it was given under)."""
    names = {}
    for definition in session.scalars(select(IndicatorSet.definition).order_by(IndicatorSet.id)):
        for indicator in (definition or {}).get("indicators", []):
            names.setdefault(indicator.get("code"), indicator.get("name", indicator.get("code")))
    return names


def bad_options(session: Session, *, center_id: int, start: dt.date, end: dt.date,
                department_id: int | None = None) -> list[tuple[str, str, int]]:
    """(indicator name, option, bad reviews choosing it), most chosen first."""
    extra = "AND r.department_id = :dept" if department_id is not None else ""
    stmt = text(_OPTIONS_SQL[sql.dialect(session)].format(extra=extra))
    params = {"center": center_id, "start": start, "end": end, "dept": department_id}
    names = indicator_names(session)
    rows = [(names.get(code, code), option, int(n)) for code, option, n in session.execute(stmt, params)]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


# --- what a department's bad reviews came from ------------------------------------------------------------------

def bad_by(session: Session, *, center_id: int, start: dt.date, end: dt.date, department_id: int,
           kind: str) -> dict[str, int]:
    """{name: bad reviews} of one department by window, staff member or item (kind: 窗口 / 人员 / 事项)."""
    column, model, name = {"窗口": (Rating.window_id, Window, Window.name),
                           "人员": (Rating.staff_id, Staff, Staff.full_name),
                           "事项": (Rating.item_id, ServiceItem, ServiceItem.name)}[kind]
    stmt = select(name, func.count()).select_from(Rating).join(model, model.id == column) \
        .where(*_period(center_id, start, end), Rating.department_id == department_id, BAD).group_by(name)
    return {n: int(c) for n, c in session.execute(stmt)}


def drivers(session: Session, *, center_id: int, now: rules.Period, before: rules.Period,
            department_id: int) -> list[rules.Driver]:
    """Each window's, staff member's, item's and indicator option's added bad reviews against the period before."""
    out = []
    for kind in ("窗口", "人员", "事项"):
        a = bad_by(session, center_id=center_id, start=now.start, end=now.end, department_id=department_id, kind=kind)
        b = bad_by(session, center_id=center_id, start=before.start, end=before.end, department_id=department_id,
                   kind=kind)
        out += [rules.Driver(kind, name, a.get(name, 0) - b.get(name, 0)) for name in a]
    a = {(i, o): n for i, o, n in bad_options(session, center_id=center_id, start=now.start, end=now.end,
                                               department_id=department_id)}
    b = {(i, o): n for i, o, n in bad_options(session, center_id=center_id, start=before.start, end=before.end,
                                               department_id=department_id)}
    out += [rules.Driver("指标", f"{i}·{o}", n - b.get((i, o), 0)) for (i, o), n in a.items()]
    return out
