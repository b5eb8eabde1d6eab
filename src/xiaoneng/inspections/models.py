"""Tables of the inspections (F2-F3): the indicator catalogue per point type, the person-day budgets, the team,
the monthly plans with their visits, the records taken on a phone (results, photos), findings and phone checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin
from xiaoneng.inspections.rules import (
    DEFAULT_FINDING_DAYS, DEFAULT_RING_LIMIT, FindingStatus, VisitKind, VisitStatus,
)


class Indicator(TimestampMixin, Base):
    """One check of the catalogue for one point type (S3's 29 per point), editable by the supervisors."""
    __tablename__ = "inspection_indicator"
    __table_args__ = (UniqueConstraint("center_id", "point_type", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    point_type: Mapped[str] = mapped_column(String(32))
    code: Mapped[str] = mapped_column(String(16))  # the same check carries the same code in every type
    seq: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(50), default="")  # the S3 list it comes from
    content: Mapped[str] = mapped_column(Text, default="")  # 基本描述 / 检查内容
    method: Mapped[str] = mapped_column(Text, default="")  # 测评指标: how it is checked
    frequency: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)


class TypeBudget(TimestampMixin, Base):
    """A point type's person-days a month and what one visit takes, both in half days."""
    __tablename__ = "inspection_budget"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    point_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    capacity_halves: Mapped[int]
    visit_halves: Mapped[int]


class InspectionSettings(TimestampMixin, Base):
    __tablename__ = "inspection_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    finding_days: Mapped[int] = mapped_column(default=DEFAULT_FINDING_DAYS)  # working days to rectify
    ring_limit: Mapped[int] = mapped_column(default=DEFAULT_RING_LIMIT)  # rings before a line must answer


class Inspector(TimestampMixin, Base):
    """A member of the inspection team (巡查人员) whom the plans give visits."""
    __tablename__ = "inspection_inspector"
    __table_args__ = (UniqueConstraint("center_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    active: Mapped[bool] = mapped_column(default=True)


class PointUnit(TimestampMixin, Base):
    """The unit (department) that answers for a service point's findings (责任单位)."""
    __tablename__ = "inspection_point_unit"

    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"), primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))


class Plan(TimestampMixin, Base):
    """A month's 巡查计划 as the solver made it, with what it proved."""
    __tablename__ = "inspection_plan"
    __table_args__ = (UniqueConstraint("center_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    month: Mapped[dt.date]  # its first day
    optimal: Mapped[bool]
    spent_halves: Mapped[int]
    usage_bound: Mapped[int]
    street_days: Mapped[int]
    street_days_bound: Mapped[int]
    solve_seconds: Mapped[float]
    summary: Mapped[dict] = mapped_column(JSON, default=dict)  # per type: budget, spent, points; weeks; inspectors
    made_at: Mapped[dt.datetime]
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class Visit(TimestampMixin, Base):
    """One visit of one point by one inspector on one day: planned, then recorded from the phone."""
    __tablename__ = "inspection_visit"
    __table_args__ = (Index("ix_inspection_visit_center_day", "center_id", "day"),
                      Index("ix_inspection_visit_point_day", "point_id", "day"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_plan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default=VisitKind.ROUTINE)
    day: Mapped[dt.date]
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    inspector_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    halves: Mapped[int] = mapped_column(default=2)
    indicator_ids: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=VisitStatus.PLANNED, index=True)
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # the phone's, so a resend is one
    recorded_at: Mapped[dt.datetime | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[dt.datetime | None]  # 暗访: shown to the unit from then on


class Result(Base):
    __tablename__ = "inspection_result"
    __table_args__ = (UniqueConstraint("visit_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("inspection_visit.id"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("inspection_indicator.id"))
    outcome: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text, default="")


class Photo(Base):
    """A photo taken at a visit: checked to be an image, stored under the var dir by its SHA-256."""
    __tablename__ = "inspection_photo"
    __table_args__ = (UniqueConstraint("submission_key", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    submission_key: Mapped[str] = mapped_column(String(64), index=True)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_visit.id"), index=True)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_indicator.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    file_name: Mapped[str] = mapped_column(String(200), default="")
    path: Mapped[str] = mapped_column(String(200))  # relative to the var dir
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    uploaded_at: Mapped[dt.datetime]


class InspectionFinding(TimestampMixin, Base):
    """A problem (问题) found at a point: owned by a unit, due in working days, re-inspected until closed."""
    __tablename__ = "inspection_finding"
    __table_args__ = (UniqueConstraint("center_id", "number"),
                      Index("ix_inspection_finding_point_indicator", "point_id", "indicator_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    number: Mapped[str] = mapped_column(String(20))  # 问题编号 WT202611180001
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)  # owner unit
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_indicator.id"))
    indicator_code: Mapped[str] = mapped_column(String(16), default="")  # the kind, for repeats
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_visit.id"), index=True)
    phone_check_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_phone_check.id"))
    kind: Mapped[str] = mapped_column(String(16))  # the visit's kind, or "phone"
    description: Mapped[str] = mapped_column(Text)
    found_on: Mapped[dt.date]  # the day of the visit
    notified_on: Mapped[dt.date | None]  # the day the unit learned of it (a 暗访's publication)
    deadline_days: Mapped[int]
    due_on: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(16), default=FindingStatus.OPEN, index=True)
    repeat_of_id: Mapped[int | None] = mapped_column(ForeignKey("inspection_finding.id"))
    repeat_count: Mapped[int] = mapped_column(default=1)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_on: Mapped[dt.date | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    failed_reinspections: Mapped[int] = mapped_column(default=0)
    closed_on: Mapped[dt.date | None]


class PhoneCheck(TimestampMixin, Base):
    """A call to a point's consultation line posing as a citizen (电话暗访): connected, rings, answered right."""
    __tablename__ = "inspection_phone_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id"))
    phone: Mapped[str] = mapped_column(String(32))
    called_at: Mapped[dt.datetime]
    connected: Mapped[bool]
    rings: Mapped[int | None]
    answered_correctly: Mapped[bool | None]
    question: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    checker_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    problems: Mapped[list] = mapped_column(JSON, default=list)
    passed: Mapped[bool]  # nothing was wrong
    published_at: Mapped[dt.datetime | None]


class Reinspection(Base):
    """A 复查 visit of a finding: the visit rechecks the finding's indicator at its point."""
    __tablename__ = "inspection_reinspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_finding.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("inspection_visit.id"), unique=True)


class FindingLetter(Base):
    """Which findings an official letter (提示函, 督办函) names: a letter on a visit or a month names several, and
    each finding's page lists every letter that named it."""
    __tablename__ = "inspection_finding_letter"
    __table_args__ = (UniqueConstraint("letter_id", "finding_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("inspection_finding.id"), index=True)
