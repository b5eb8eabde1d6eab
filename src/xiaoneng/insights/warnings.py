"""Anomaly warnings (G4): every department, item, window and staff member of a center tested for a rise in its
bad-review rate, complaint volume and overdue share against the six periods of equal length before; the rises
that survive the false-discovery control (insights/rules.py) become warnings, decomposed into what drove them,
stored with their figures and told to the supervisors and the director once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.analysis import service as analysis
from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.complaints.rules import CHANNEL_LABELS as COMPLAINT_CHANNELS
from xiaoneng.complaints.rules import KIND_LABELS
from xiaoneng.insights import repository as repo
from xiaoneng.insights import rules, wording
from xiaoneng.insights.models import AnomalyWarning, WarningState
from xiaoneng.kit import periods
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.ratings.rules import CHANNEL_LABELS as RATING_CHANNELS

BASELINE_PERIODS = 6
UNIT_KINDS = ("department", "item", "window", "staff")
# What a unit's rise is split by: its own parts, never the unit kind itself.
DIMENSIONS = {"bad_rate": ("item", "window", "staff", "channel"),
              "complaints": ("item", "window", "staff", "channel", "topic", "kind"),
              "overdue": ("item", "window", "staff", "channel")}
TOP_DRIVERS = 5


def baseline_start(start: dt.date, end: dt.date) -> dt.date:
    """The first day of the six periods before: six times as many whole months before whole months, else six spans of
    equal length."""
    if start.day == 1 and end == periods.month_last(end):
        months = ((end.year - start.year) * 12 + end.month - start.month + 1) * BASELINE_PERIODS
        index = start.year * 12 + start.month - 1 - months
        return dt.date(index // 12, index % 12 + 1, 1)
    return start - dt.timedelta(days=((end - start).days + 1) * BASELINE_PERIODS)


def _first_day(session: Session, center_id: int, measure: str) -> dt.date | None:
    m = repo.MEASURES[measure]
    return session.scalar(select(func.min(m.day)).where(m.model.center_id == center_id, *m.where))


def _tests(session: Session, center_id: int, start: dt.date, end: dt.date, base: dt.date) -> list[rules.Test]:
    tests = []
    days = (end - start).days + 1
    for measure in repo.MEASURES:
        first = _first_day(session, center_id, measure)
        if first is None:
            continue
        # A center whose records begin inside the baseline has a shorter one; counts are per day of it.
        measure_base = max(base, first)
        base_days = (start - measure_base).days
        if base_days < days:
            continue  # less history than one period: nothing to compare with
        for kind in UNIT_KINDS:
            for unit, k1, n1, k0, n0 in repo.unit_counts(session, center_id=center_id, measure=measure,
                                                         unit_kind=kind, start=start, end=end,
                                                         baseline_start=measure_base):
                rate = measure in rules.RATE_MEASURES
                tests.append(rules.Test(measure=measure, unit_kind=kind, unit_id=unit, current=k1 or 0,
                                        baseline=k0 or 0, current_total=(n1 or 0) if rate else 0,
                                        baseline_total=(n0 or 0) if rate else 0, current_days=days,
                                        baseline_days=base_days))
    return tests


def _part_names(session: Session, measure: str, dimension: str, keys) -> dict:
    if dimension in ("item", "window", "staff"):
        return repo.names(session, dimension, keys)
    if dimension == "channel":
        labels = {"bad_rate": RATING_CHANNELS, "complaints": COMPLAINT_CHANNELS,
                  "overdue": wording.CASE_ORIGIN_LABELS}[measure]
        return {k: labels.get(k, k) for k in keys}
    if dimension == "kind":
        return {k: KIND_LABELS.get(k, k) for k in keys}
    return {k: k or "未分类" for k in keys}


def _rows(decomposition: rules.Decomposition, names: dict, unit_excess: float) -> list[dict]:
    """The parts that rose most, each share taken of the unit's whole excess: records without the part (a complaint
    naming no window) are in the unit's rise but in no part's, so the parts' own total would overstate them."""
    return [{"key": d.key, "name": names.get(d.key, str(d.key)), "current": d.current, "expected": d.expected,
             "excess": d.excess, "share": round(d.excess / unit_excess, 4) if unit_excess > 0 else 0.0}
            for d in decomposition.drivers[:TOP_DRIVERS] if d.excess > 0]


def decompose(session: Session, *, center_id: int, test: rules.Test, start: dt.date,
              end: dt.date) -> tuple[dict, float]:
    """{dimension: the parts that rose most} and the rate's mix effect, from one GROUP BY per dimension."""
    drivers, mix = {}, 0.0
    base = start - dt.timedelta(days=int(test.baseline_days))
    for dimension in DIMENSIONS[test.measure]:
        if dimension == test.unit_kind:
            continue
        rows = repo.part_counts(session, center_id=center_id, measure=test.measure, unit_kind=test.unit_kind,
                                unit_id=test.unit_id, dimension=dimension, start=start, end=end, baseline_start=base)
        parts = [rules.Part(key=key, current=k1 or 0, current_total=n1 or 0, baseline=k0 or 0, baseline_total=n0 or 0)
                 for key, k1, n1, k0, n0 in rows]
        if test.is_rate:
            result = rules.decompose_rate(parts, test.baseline_rate)
            mix = result.mix
        else:
            result = rules.decompose_count([rules.Part(p.key, p.current, baseline=p.baseline) for p in parts],
                                           test.current_days / test.baseline_days)
        drivers[dimension] = _rows(result, _part_names(session, test.measure, dimension, [p.key for p in parts]),
                                   test.excess)
    if test.measure == "bad_rate":
        drivers["dimension"] = _dimension_drivers(session, center_id, test, start, end, base)
    return drivers, mix


def _dimension_drivers(session, center_id, test: rules.Test, start, end, base) -> list[dict]:
    """The S0 dimensions the unit's bad comments speak of, now against before scaled by the ratings' ratio."""
    comments = repo.bad_comments(session, center_id=center_id, unit_kind=test.unit_kind, unit_id=test.unit_id,
                                 start=start, end=end, baseline_start=base)
    tags = analysis.tag_comments([c for c, _ in comments], [1] * len(comments))
    now, before = Counter(), Counter()
    for (_, current), tag in zip(comments, tags):
        for dim in {d.dimension for d in tag.dimensions}:
            (now if current else before)[dim] += 1
    ratio = test.current_total / test.baseline_total if test.baseline_total else 0.0
    parts = [rules.Part(key=d, current=now[d], baseline=before[d]) for d in sorted(set(now) | set(before))]
    return _rows(rules.decompose_count(parts, ratio), {p.key: p.key for p in parts}, test.excess)


def compute(session: Session, *, center_id: int, start: dt.date, end: dt.date, now: dt.datetime) -> list[AnomalyWarning]:
    """Test the period, store its warnings (a warning found again keeps its state, its figures renewed) and tell the
    supervisors and the director of each new one. Returns the period's warnings."""
    base = baseline_start(start, end)
    tests = _tests(session, center_id, start, end, base)
    findings = rules.discoveries(tests)
    run = repo.replace_run(session, center_id=center_id, kind="warnings", start=start, end=end, computed_at=now)
    run.texts = sum(1 for t in tests if t.testable())
    by_kind: dict[str, list[int]] = {}
    for f in findings:
        by_kind.setdefault(f.test.unit_kind, []).append(f.test.unit_id)
    unit_names = {kind: repo.names(session, kind, ids) for kind, ids in by_kind.items()}
    unit_departments = {kind: repo.unit_departments(session, kind, ids) for kind, ids in by_kind.items()}
    out, new = [], []
    for f in findings:
        t = f.test
        drivers, mix = decompose(session, center_id=center_id, test=t, start=start, end=end)
        fields = dict(department_id=unit_departments[t.unit_kind].get(t.unit_id),
                      unit_name=unit_names[t.unit_kind].get(t.unit_id, ""),
                      baseline_start=start - dt.timedelta(days=int(t.baseline_days)), current=t.current,
                      current_total=t.current_total, baseline=t.baseline, baseline_total=t.baseline_total,
                      current_days=t.current_days, baseline_days=t.baseline_days, expected=round(t.expected, 2),
                      p_value=f.p, q_value=f.q, drivers=drivers, mix=mix, computed_at=now)
        warning = repo.find_warning(session, center_id=center_id, measure=t.measure, unit_kind=t.unit_kind,
                                    unit_id=t.unit_id, start=start, end=end)
        if warning is None:
            warning = AnomalyWarning(center_id=center_id, measure=t.measure, unit_kind=t.unit_kind, unit_id=t.unit_id,
                                     period_start=start, period_end=end, state=WarningState.OPEN, **fields)
            session.add(warning)
            new.append(warning)
        else:
            for key, value in fields.items():
                setattr(warning, key, value)
        out.append(warning)
    session.flush()
    run.detail = {"tested": run.texts, "warnings": len(out), "new": len(new), "baseline_start": base.isoformat()}
    for warning in new:
        _tell(session, warning)
    audit.record(session, actor=system_actor(center_id), action="insights.warnings", entity="insight_run",
                 entity_id=run.id, center_id=center_id,
                 detail={"period": wording.period_text(start, end), "tested": run.texts, "warnings": len(out),
                         "new": len(new)})
    return out


def title(warning: AnomalyWarning) -> str:
    return wording.warning_title(warning.unit_kind, warning.unit_name, warning.period_start, warning.period_end,
                                 warning.measure)


def _tell(session: Session, warning: AnomalyWarning) -> None:
    body = wording.figures_sentence(
        measure=warning.measure, unit=wording.UNIT_LABELS[warning.unit_kind] + warning.unit_name,
        period=wording.period_text(warning.period_start, warning.period_end), current=warning.current,
        current_total=warning.current_total, baseline=warning.baseline, baseline_total=warning.baseline_total,
        current_days=warning.current_days, baseline_days=warning.baseline_days, expected=warning.expected)
    for role in (Role.SUPERVISOR, Role.DIRECTOR):
        notifications.notify_role(session, center_id=warning.center_id, role=role, kind="insights.warning",
                                  title=title(warning), body=body, link=f"/insights/warnings/{warning.id}",
                                  key=f"insights.warning:{warning.id}")
