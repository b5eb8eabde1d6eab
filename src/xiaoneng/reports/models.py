"""A produced report: the center, the period, its three files under <var_dir>/reports with their SHA-256."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.cases.models import Case
from xiaoneng.db import Base, UTCDateTime, utcnow


class Report(Base):
    """One production of a month's or year's report. Producing a period again adds a version; the scheduled
    job produces version 1 of last month's once (the unique row is what makes it exactly once)."""

    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("center_id", "kind", "period_key", "version"),
                      Index("ix_report_center_created", "center_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    kind: Mapped[str] = mapped_column(String(8))  # month | year
    period_key: Mapped[str] = mapped_column(String(8))  # 2026-10 | 2026
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)
    scheduled: Mapped[bool] = mapped_column(default=False)  # produced by the monthly job
    # {"xlsx": {"path": relative to the var dir, "name": download name, "sha256": .., "size": ..}, "docx": .., "pdf": ..}
    files: Mapped[dict] = mapped_column(JSON, default=dict)
    summary: Mapped[list] = mapped_column(JSON, default=list)  # the findings' sentences, for the list and the inbox
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_by_name: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# The cases' figures of a report read a year of a large center (a million cases): these indexes hold every column
# the trend, the received and completed counts and the open overdue scan read, so they are read from the index
# alone rather than from the table's rows.
Index("ix_service_case_center_received_origin", Case.center_id, Case.received_at, Case.origin, Case.department_id)
Index("ix_service_case_center_completed_due", Case.center_id, Case.completed_on, Case.status, Case.due_on)
Index("ix_service_case_center_due_open", Case.center_id, Case.due_on, Case.status, Case.completed_on,
      Case.received_at)
