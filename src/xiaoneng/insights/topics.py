"""Hot and emerging topics of a period (G3): the period's rating comments, complaints and inquiries clustered
(clustering.py), each topic named from its keywords, counted by department, service point and day, given a heat
(rules.py), compared with the period before (emerging), followed over the twelve periods before for its trend and
forecast for the next period with an 80% interval (forecast.py); the same forecast per department. Stored as a run
with its topics: pages read them, never cluster per request."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.insights import clustering, forecast, rules, wording
from xiaoneng.insights import repository as repo
from xiaoneng.insights.models import HotTopic, InsightRun
from xiaoneng.kit import periods
from xiaoneng.kit.scope import system_actor

SAMPLE = 20000  # texts per source and period clustered; a larger period's counts are scaled up from them
TREND_SAMPLE = 1500  # texts per source of each earlier period assigned to the topics
TREND_PERIODS = 12


def spans_before(start: dt.date, end: dt.date, count: int) -> list[tuple[dt.date, dt.date]]:
    """The `count` periods of equal length before [start, end], oldest first."""
    out, first, last = [], start, end
    for _ in range(count):
        first, last = periods.previous_period(first, last)
        out.append((first, last))
    return out[::-1]


def span_label(start: dt.date, end: dt.date) -> str:
    return f"{start:%Y-%m}" if start.day == 1 and end == periods.month_last(start) else f"{start:%m-%d}"


def _sampled_counts(session: Session, found: clustering.Topics, center_id: int, start: dt.date,
                    end: dt.date, cache: dict) -> np.ndarray:
    """Each topic's texts in a period: a sample per source assigned, scaled up to the source's total."""
    sample = repo.texts(session, center_id=center_id, start=start, end=end, limit=TREND_SAMPLE)
    totals = repo.text_totals(session, center_id=center_id, start=start, end=end)
    counts = np.zeros(found.k)
    if not sample:
        return counts
    labels = found.assign([t.text for t in sample], cache)
    sampled = Counter(t.source for t in sample)
    for text, label in zip(sample, labels):
        if label >= 0:
            counts[label] += totals[text.source] / sampled[text.source]
    return counts


def compute(session: Session, *, center_id: int, start: dt.date, end: dt.date, now: dt.datetime) -> InsightRun:
    texts = repo.texts(session, center_id=center_id, start=start, end=end, limit=SAMPLE)
    totals = repo.text_totals(session, center_id=center_id, start=start, end=end)
    run = repo.replace_run(session, center_id=center_id, kind="topics", start=start, end=end, computed_at=now)
    run.texts = sum(totals.values())
    spans = spans_before(start, end, TREND_PERIODS)
    run.detail = {"departments": _department_forecasts(session, center_id, spans, start, end),
                  "sources": totals, "clustered": len(texts)}
    cache: dict = {}  # segmented texts of the run: templates and copies segmented once
    found = clustering.find_topics([t.text for t in texts], seed=center_id, cache=cache)
    if found is not None:
        _store_topics(session, run, found, texts, totals, spans, start, end, cache)
        run.detail = {**run.detail, "k": found.k, "silhouette": round(found.silhouette, 3)}
    audit.record(session, actor=system_actor(center_id), action="insights.topics", entity="insight_run",
                 entity_id=run.id, center_id=center_id,
                 detail={"period": wording.period_text(start, end), "texts": run.texts,
                         "topics": found.k if found else 0})
    return run


def _store_topics(session, run, found, texts, totals, spans, start, end, cache) -> None:
    scale = {source: totals[source] / n for source, n in Counter(t.source for t in texts).items()}
    history = np.vstack([_sampled_counts(session, found, run.center_id, s, e, cache) for s, e in spans])
    previous = history[-1]
    members = [np.flatnonzero(found.labels == c) for c in range(found.k)]
    volumes = [round(sum(scale[texts[i].source] for i in m)) for m in members]
    largest = max(volumes) if volumes else 0
    rows = []
    for c, index in enumerate(members):
        if not len(index):
            continue
        chosen = [texts[i] for i in index]
        ages = [(end - t.day).days for t in chosen]
        supports = sum(t.support for t in chosen)
        parts = rules.heat_parts(volumes[c], largest, round(previous[c]), supports, 0, ages)
        prev = round(previous[c])
        emerging = (volumes[c] >= rules.EMERGING_MIN_TEXTS and volumes[c] >= rules.EMERGING_RATIO * max(prev, 1)
                    and rules.count_rise_p(volumes[c], prev, 1.0, 1.0) <= rules.EMERGING_P)
        series = [round(v) for v in history[:, c]] + [volumes[c]]
        labels = [span_label(s, e) for s, e in spans] + [span_label(start, end)]
        rows.append(HotTopic(
            run_id=run.id, center_id=run.center_id, rank=0, name=rules.topic_name(found.keywords[c]),
            keywords=found.keywords[c], heat=parts.heat,
            heat_parts={"volume": round(parts.volume, 3), "growth": round(parts.growth, 3),
                        "support": None if parts.support is None else round(parts.support, 3),
                        "recency": round(parts.recency, 3)},
            volume=volumes[c], previous_volume=prev, support=supports, emerging=emerging,
            representatives=[{"source": texts[i].source, "id": texts[i].id, "text": texts[i].text[:300]}
                             for i in found.representatives[c]],
            sources=dict(Counter(t.source for t in chosen)),
            by_department=Counter(t.department_id for t in chosen if t.department_id).most_common(),
            by_place=Counter(t.point_id for t in chosen if t.point_id).most_common(),
            by_day=sorted(Counter(t.day.isoformat() for t in chosen).items()),
            trend=list(zip(labels, series)),
            forecast=forecast.next_value(series).as_dict()))
    rows.sort(key=lambda r: (-r.heat, -r.volume))
    for rank, row in enumerate(rows, start=1):
        row.rank = rank
    session.add_all(rows)
    session.flush()


def _department_forecasts(session, center_id, spans, start, end) -> list[dict]:
    volumes = [repo.volume_by_department(session, center_id=center_id, start=s, end=e) for s, e in spans]
    volumes.append(repo.volume_by_department(session, center_id=center_id, start=start, end=end))
    departments = sorted({d for v in volumes for d in v})
    names = repo.names(session, "department", departments)
    out = []
    for dept in departments:
        series = [v.get(dept, 0) for v in volumes]
        out.append({"department_id": dept, "name": names.get(dept, ""), "series": series,
                    "forecast": forecast.next_value(series).as_dict()})
    out.sort(key=lambda d: -d["series"][-1])
    return out
