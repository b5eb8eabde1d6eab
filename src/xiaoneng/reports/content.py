"""A report's content: every registered section of a center's period, the summary of findings, what it covers.
Reads only; the documents (docx_doc, pdf_doc, xlsx_doc) and the preview page render it."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case
from xiaoneng.errors import ValidationFailed
from xiaoneng.org.models import Center
from xiaoneng.ratings.models import Rating
from xiaoneng.reports import rules, sections, sql
from xiaoneng.reports.shapes import Section

log = logging.getLogger(__name__)


@dataclass
class Content:
    center_name: str
    center_code: str
    period: rules.Period
    made_on: dt.date
    sections: list[Section]
    summary: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.center_name}{rules.TITLES[self.period.kind]}"

    @property
    def subtitle(self) -> str:
        return f"（{self.period.label}）"

    @property
    def stem(self) -> str:
        """File names: DEMO_政务服务月报_2026-10."""
        return f"{self.center_code}_{rules.TITLES[self.period.kind]}_{self.period.key}"

    def tables(self):
        return [t for s in self.sections for t in s.tables]

    def charts(self):
        return [c for s in self.sections for c in s.charts]


def has_data(session: Session, *, center_id: int, period: rules.Period) -> bool:
    """Any case received or rating given in the period: without either there is nothing to report."""
    low, high = sql.utc_bounds(period.start, period.end)
    case_found = session.scalar(select(func.count()).select_from(
        select(Case.id).where(Case.center_id == center_id, Case.received_at >= low, Case.received_at < high)
        .limit(1).subquery()))
    if case_found:
        return True
    return bool(session.scalar(select(func.count()).select_from(
        select(Rating.id).where(Rating.center_id == center_id, Rating.rated_on >= period.start,
                                Rating.rated_on <= period.end).limit(1).subquery())))


def compose(session: Session, *, center: Center, period: rules.Period, today: dt.date,
            only: set[str] | None = None) -> Content:
    """Build each section in order (`only`: the keys wanted, for a department's page or a test)."""
    rules.check_not_future(period, today)
    if not has_data(session, center_id=center.id, period=period):
        raise ValidationFailed(f"{center.name}{period.label}没有办件和评价数据，不能生成报告", field="period")
    built, timings = [], {}
    for entry in sections.entries():
        if only is not None and entry.key not in only:
            continue
        started = time.perf_counter()
        section = entry.build(session, center.id, period)
        timings[entry.key] = time.perf_counter() - started
        if section is not None:
            built.append(section)
    summary = [s.sentences[i] for s in built for i in range(min(len(s.sentences), 2 if s.key == "ratings" else 1))]
    for s in built:  # a rise of a rate, the sentence a reader looks for first
        summary += [x for x in s.sentences if "上升" in x and "主要来自" in x and x not in summary]
    return Content(center_name=center.name, center_code=center.code, period=period, made_on=today, sections=built,
                   summary=summary, timings=timings)
