"""Rolling-origin backtests of the forecasts: how often the 80% interval held the value that came. On a file of dated
messages (the texts clustered once, each topic's count per week or month) and on a center's own record (each
department's texts per month, each stored topic's trend)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from xiaoneng.analysis import files
from xiaoneng.errors import ValidationFailed
from xiaoneng.insights import clustering, forecast, rules
from xiaoneng.insights import repository as repo
from xiaoneng.kit import periods


@dataclass
class Coverage:
    what: str
    series: int = 0
    forecasts: int = 0
    inside: int = 0
    widths: list[float] = field(default_factory=list)

    def add(self, values, first: int) -> None:
        actuals, made = forecast.backtest(values, first=first)
        if not made:
            return
        self.series += 1
        self.forecasts += len(made)
        self.inside += round(rules.coverage(actuals, [f.low for f in made], [f.high for f in made]) * len(made))
        self.widths += [f.high - f.low for f in made]

    @property
    def rate(self) -> float:
        return self.inside / self.forecasts if self.forecasts else 0.0

    def line(self) -> str:
        width = float(np.median(self.widths)) if self.widths else 0.0
        return (f"{self.what}：{self.series} 个序列，{self.forecasts} 次预测，80% 区间覆盖 {self.inside} 次，"
                f"覆盖率 {self.rate:.1%}（区间宽度中位数 {width:.1f}）")


def _parse_time(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip().replace("/", "-")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def file_series(path: Path, *, text_column: str, time_column: str, by: str = "week",
                min_share: float = 0.02) -> tuple[list[str], np.ndarray]:
    """Topics of the file's texts and each topic's count per week (or month), over the span most texts fall in; topics
    with fewer than `min_share` of the texts are left out (a handful a week says nothing about intervals)."""
    table = files.read(path)
    texts = files.texts(table, text_column)
    key = files.column(table, time_column, "time_column")
    days = [_parse_time(row.values.get(key)) for row in table.rows]
    kept = [(t, d) for t, d in zip(texts, days) if d is not None]
    if len(kept) < clustering.MIN_TEXTS:
        raise ValidationFailed("文件中带时间的文本太少，无法回测", field="input")
    found = clustering.find_topics([t for t, _ in kept])
    if found is None:
        raise ValidationFailed("文件中的文本太少或太短，无法聚类", field="input")

    def bucket(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=day.weekday()) if by == "week" else periods.month_first(day)

    buckets = sorted({bucket(d) for _, d in kept})
    counts = {b: 0 for b in buckets}
    for _, d in kept:
        counts[bucket(d)] += 1
    # The span with data: from the first bucket holding at least a fifth of the median bucket to the last such.
    median = np.median(list(counts.values()))
    busy = [b for b in buckets if counts[b] >= 0.2 * median]
    first, last = busy[0], busy[-1]
    span = [b for b in buckets if first <= b <= last]
    index = {b: i for i, b in enumerate(span)}
    matrix = np.zeros((found.k, len(span)))
    for (_, d), label in zip(kept, found.labels):
        b = bucket(d)
        if label >= 0 and b in index:
            matrix[label, index[b]] += 1
    big = matrix.sum(axis=1) >= min_share * matrix.sum()
    names = [rules.topic_name(found.keywords[c]) for c in range(found.k) if big[c]]
    return names, matrix[big]


def file_coverage(path: Path, *, text_column: str, time_column: str, by: str = "week", first: int = 12) -> Coverage:
    names, matrix = file_series(path, text_column=text_column, time_column=time_column, by=by)
    result = Coverage(f"文件各话题每{'周' if by == 'week' else '月'}条数")
    for row in matrix:
        result.add(row.tolist(), first)
    return result


def center_coverage(session: Session, *, center_id: int, end: dt.date, months: int = 12,
                    first: int = 6) -> list[Coverage]:
    """Each department's texts per month over the `months` months to `end`, and each stored topic's trend."""
    starts = []
    month = periods.month_first(end)
    for _ in range(months):
        starts.append(month)
        month = periods.month_first(month - dt.timedelta(days=1))
    starts.reverse()
    volumes = [repo.volume_by_department(session, center_id=center_id, start=s, end=periods.month_last(s))
               for s in starts]
    departments = Coverage("各部门每月文本量（评价留言与投诉）")
    for dept in sorted({d for v in volumes for d in v}):
        departments.add([v.get(dept, 0) for v in volumes], first)
    topics = Coverage("已计算话题的各期条数")
    run = next(iter(repo.runs(session, center_id=center_id, kind="topics")), None)
    if run is not None:
        for topic in repo.topics_of(session, run.id):
            topics.add([v for _, v in topic.trend], first)
    return [departments, topics]
