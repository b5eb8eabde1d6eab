"""Internal rankings of departments and staff (S0 art.13, SPEC G5) and their per-center weights."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import edits, periods
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Staff
from xiaoneng.rankings import repository as repo
from xiaoneng.rankings import rules
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.models import RatingSettings

BY = {"department": "部门", "staff": "工作人员"}
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Ranking:
    by: str
    start: dt.date
    end: dt.date
    include_defaults: bool
    include_excluded: bool
    weights: dict[str, float]
    rows: list[rules.Ranked]
    min_sample: int = rules.DEFAULT_MIN_SAMPLE
    previous_start: dt.date | None = None
    previous_end: dt.date | None = None


def check_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    return edits.check_period(start, end, max_days=MAX_PERIOD_DAYS, too_long=f"统计期间不能超过 {MAX_PERIOD_DAYS} 天")


def get_weights(session: Session, *, actor: Actor) -> dict[str, float]:
    """The center's ranking weights, the defaults where none are set."""
    actor.require("rankings.read")
    row = ratings.rating_settings(session, center_id=actor_center_id(actor))
    return rules.effective_weights(row.ranking_weights)


def get_min_sample(session: Session, *, actor: Actor) -> int:
    """The center's minimum number of ratings for a unit to be ranked."""
    actor.require("rankings.read")
    row = ratings.rating_settings(session, center_id=actor_center_id(actor))
    return rules.effective_min_sample(row.ranking_min_sample)


def update_min_sample(session: Session, *, actor: Actor, value) -> int:
    """Set the center's minimum sample (admin): a whole number from 1."""
    actor.require("rankings.read")
    actor.require("rectification.settings")
    problem = rules.min_sample_problem(value)
    if problem:
        raise ValidationFailed(problem if problem.startswith("请") else f"最少评价数{problem}", field="min_sample")
    number = int(str(value).strip())
    center_id = actor_center_id(actor)
    row = repo.settings(session, center_id) or repo.add_settings(session, RatingSettings(center_id=center_id))
    before = rules.effective_min_sample(row.ranking_min_sample)
    if row.ranking_min_sample == number:
        return number
    row.ranking_min_sample = number
    session.flush()
    audit.record(session, actor=actor, action="ranking.min_sample", entity="rating_settings", entity_id=center_id,
                 detail={"before": before, "after": number}, center_id=center_id)
    return number


def update_weights(session: Session, *, actor: Actor, weights: dict) -> dict[str, float]:
    """Set the center's ranking weights (admin): non-negative numbers, not all zero."""
    actor.require("rankings.read")
    actor.require("rectification.settings")
    problems = rules.weights_problems(weights)
    if problems:
        field, reason = next(iter(problems.items()))
        label = rules.COMPONENT_LABELS.get(field, field)
        raise ValidationFailed(reason if reason.startswith("各项") else f"{label}权重{reason}", field=field)
    values = rules.parse_weights(weights)
    center_id = actor_center_id(actor)
    row = repo.settings(session, center_id) or repo.add_settings(session, RatingSettings(center_id=center_id))
    before = rules.effective_weights(row.ranking_weights)
    if row.ranking_weights == values:
        return values
    row.ranking_weights = values
    session.flush()
    audit.record(session, actor=actor, action="ranking.weights", entity="rating_settings", entity_id=center_id,
                 detail={"before": before, "after": values}, center_id=center_id)
    return values


def _names(session: Session, *, center: Actor, by: str, ids: set[int]) -> dict[int, str]:
    if by == "department":
        return {d.id: d.name for d in org.department_choices(session, actor=center)}
    staff = org.related(session, actor=center, model=Staff, ids=ids)
    return {i: f"{s.full_name}（{s.staff_no}）" for i, s in staff.items()}


def _units(session: Session, *, center: Actor, by: str, start: dt.date, end: dt.date, include_defaults: bool,
           include_excluded: bool) -> list[rules.UnitStats]:
    counts = repo.unit_counts(session, actor=center, by=by, start=start, end=end, include_defaults=include_defaults,
                              include_excluded=include_excluded)
    names = _names(session, center=center, by=by, ids={c[0] for c in counts})
    units = [rules.UnitStats(key=key, name=names.get(key, "（已删除）"), ratings=n, level_sum=levels, bad=bad,
                             rectify_due=due, rectified=done)
             for key, n, levels, bad, due, done in counts]
    if by == "department":
        counted = {u.key for u in units}
        units += [rules.UnitStats(key=i, name=name, ratings=0, level_sum=0, bad=0, rectify_due=0, rectified=0)
                  for i, name in names.items() if i not in counted]
    return units


def rank(session: Session, *, actor: Actor, by: str = "department", start: dt.date | None, end: dt.date | None,
         include_defaults: bool = True, include_excluded: bool = False) -> Ranking:
    """Departments or staff of the actor's center ranked by the composite score for a period, in the view asked,
    with each one's change against the previous period of equal length (periods.previous_period).

    S0 art.13 publishes the rankings on the center's internal system: every staff member sees the whole center's,
    so the counts are taken center-wide whatever the actor's own department scope."""
    actor.require("rankings.read")
    if by not in BY:
        raise ValidationFailed("排名对象只能是部门或工作人员", field="by")
    start, end = check_period(start, end)
    weights = get_weights(session, actor=actor)
    min_sample = get_min_sample(session, actor=actor)
    center = system_actor(actor_center_id(actor), name=actor.username)
    views = {"by": by, "include_defaults": include_defaults, "include_excluded": include_excluded}
    rows = rules.rank(_units(session, center=center, start=start, end=end, **views), weights, min_sample=min_sample)
    previous_start, previous_end = periods.previous_period(start, end)
    before = rules.rank(_units(session, center=center, start=previous_start, end=previous_end, **views), weights,
                        min_sample=min_sample)
    return Ranking(by=by, start=start, end=end, include_defaults=include_defaults, include_excluded=include_excluded,
                   weights=weights, rows=rules.compare(rows, before), min_sample=min_sample,
                   previous_start=previous_start, previous_end=previous_end)
