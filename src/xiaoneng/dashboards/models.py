"""The dashboards' maintained rollup: a center's ratings and cases counted per day.

Rows are per center, day, department and staff member (the one who handled the case or was rated), so a
department's or a person's month is read from here too, with the center's sum per day beside them. A year of a
large center is about 600,000 ratings and 1,000,000 cases; counting them for a 12-month trend on every home page
costs more than the page's budget. `rollup.refresh` (the hourly `dashboard_rollup` job) counts each day
once, up to yesterday, and recounts the last REOPEN_DAYS days on every run (default ratings are dated the day after
their window closed, so a late job adds to past days); the pages read these rows up to `DashboardRollup.through` and
count the days after it from the source tables (figures.py), so what they show is never older than the data.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.cases.models import Case
from xiaoneng.db import Base, utcnow


class DashboardDay(Base):
    """What one staff member of a department did on one day: ratings (the default ones apart) and cases."""

    __tablename__ = "dashboard_day"
    __table_args__ = (Index("ix_dashboard_day_center_day", "center_id", "day"),
                      Index("ix_dashboard_day_department_day", "department_id", "day"),
                      Index("ix_dashboard_day_staff_day", "staff_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    day: Mapped[dt.date]
    ratings: Mapped[int] = mapped_column(default=0)  # every rating given that day, default ones included
    ratings_default: Mapped[int] = mapped_column(default=0)  # of those, the default 满意
    satisfied: Mapped[int] = mapped_column(default=0)  # rated 满意 or 非常满意, default ones included
    satisfied_default: Mapped[int] = mapped_column(default=0)
    bad: Mapped[int] = mapped_column(default=0)  # 差评 (不满意, 非常不满意)
    cases_received: Mapped[int] = mapped_column(default=0)  # by the local day of receipt
    cases_completed: Mapped[int] = mapped_column(default=0)  # by the day of completion
    cases_on_time: Mapped[int] = mapped_column(default=0)  # completed within their period
    cases_online: Mapped[int] = mapped_column(default=0)  # of those received, received online (the reports' 网办量)
    cases_late: Mapped[int] = mapped_column(default=0)  # of those completed, after their due day (超期办结)


class DashboardCenterDay(Base):
    """A center's day: the sums of its DashboardDay rows, which the center-wide trends read (a year is 365 rows,
    where its departments' and staff's rows are a hundred thousand at a large center)."""

    __tablename__ = "dashboard_center_day"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(primary_key=True)
    ratings: Mapped[int] = mapped_column(default=0)
    ratings_default: Mapped[int] = mapped_column(default=0)
    satisfied: Mapped[int] = mapped_column(default=0)
    satisfied_default: Mapped[int] = mapped_column(default=0)
    bad: Mapped[int] = mapped_column(default=0)
    cases_received: Mapped[int] = mapped_column(default=0)
    cases_completed: Mapped[int] = mapped_column(default=0)
    cases_on_time: Mapped[int] = mapped_column(default=0)
    cases_online: Mapped[int] = mapped_column(default=0)
    cases_late: Mapped[int] = mapped_column(default=0)


class DashboardRollup(Base):
    """How far a center's rollup reaches: every day up to `through` is counted in DashboardDay."""

    __tablename__ = "dashboard_rollup"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    through: Mapped[dt.date]
    refreshed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# The supervisors' overdue work by department: the open cases past their due date are a few thousand among a
# million, found through this index rather than by reading the table.
Index("ix_service_case_center_overdue_status", Case.center_id, Case.overdue, Case.status, Case.department_id)
