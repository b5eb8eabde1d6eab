"""Tables of insights: a computed run per center, kind and period; the hot topics it found; the anomaly warnings,
each with its test figures, what drove it and its state (open, acknowledged with a note, closed)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class WarningState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    CLOSED = "closed"


class InsightRun(Base):
    """One computation of a period's topics or warnings; computing the period again replaces its rows."""
    __tablename__ = "insight_run"
    __table_args__ = (UniqueConstraint("center_id", "kind", "period_start", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # topics | warnings
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    computed_at: Mapped[dt.datetime]
    texts: Mapped[int] = mapped_column(default=0)  # topics: texts clustered; warnings: units tested
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # figures of the run (k, silhouette, forecasts …)


class HotTopic(Base):
    __tablename__ = "hot_topic"
    __table_args__ = (Index("ix_hot_topic_run_rank", "run_id", "rank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("insight_run.id", ondelete="CASCADE"))
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    rank: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    heat: Mapped[float]
    heat_parts: Mapped[dict] = mapped_column(JSON, default=dict)
    volume: Mapped[int]
    previous_volume: Mapped[int] = mapped_column(default=0)
    support: Mapped[int] = mapped_column(default=0)
    emerging: Mapped[bool] = mapped_column(default=False)
    representatives: Mapped[list] = mapped_column(JSON, default=list)  # [{source, id, text}]
    sources: Mapped[dict] = mapped_column(JSON, default=dict)  # {rating: n, complaint: n, inquiry: n}
    by_department: Mapped[list] = mapped_column(JSON, default=list)  # [[department id, n]]
    by_place: Mapped[list] = mapped_column(JSON, default=list)  # [[service point id, n]]
    by_day: Mapped[list] = mapped_column(JSON, default=list)  # [[YYYY-MM-DD, n]]
    trend: Mapped[list] = mapped_column(JSON, default=list)  # [[YYYY-MM, n]] the months before and the period's
    forecast: Mapped[dict] = mapped_column(JSON, default=dict)  # {month, mean, low, high, model}


class AnomalyWarning(TimestampMixin, Base):
    __tablename__ = "anomaly_warning"
    __table_args__ = (UniqueConstraint("center_id", "measure", "unit_kind", "unit_id", "period_start", "period_end"),
                      Index("ix_anomaly_warning_center_state", "center_id", "state"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # the unit's
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    baseline_start: Mapped[dt.date] = mapped_column(Date)
    measure: Mapped[str] = mapped_column(String(16))  # bad_rate | complaints | overdue
    unit_kind: Mapped[str] = mapped_column(String(16))  # department | item | window | staff
    unit_id: Mapped[int]
    unit_name: Mapped[str] = mapped_column(String(200))  # as it was named when found
    current: Mapped[int]
    current_total: Mapped[int] = mapped_column(default=0)
    baseline: Mapped[int]
    baseline_total: Mapped[int] = mapped_column(default=0)
    current_days: Mapped[float] = mapped_column(default=0.0)
    baseline_days: Mapped[float] = mapped_column(default=0.0)
    expected: Mapped[float]
    p_value: Mapped[float]
    q_value: Mapped[float]
    drivers: Mapped[dict] = mapped_column(JSON, default=dict)  # {dimension: [{key, name, current, expected, …}]}
    mix: Mapped[float] = mapped_column(default=0.0)
    state: Mapped[str] = mapped_column(String(16), default=WarningState.OPEN)
    note: Mapped[str] = mapped_column(Text, default="")
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    acknowledged_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    computed_at: Mapped[dt.datetime]
