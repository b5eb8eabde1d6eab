"""API shapes of the bad-review loop; the service validates content, these only fix the types."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from xiaoneng.kit.bounds import Day, Flag, Number
from xiaoneng.rectification.rules import STATUS_LABELS, Status


class RectificationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    rating_id: int
    department_id: int | None
    window_id: int | None
    staff_id: int | None
    item_id: int | None
    real_name: bool
    status: str
    status_label: str = ""
    received_on: dt.date
    contact_due: dt.date
    rectify_due: dt.date
    ledger_due: dt.date | None
    ledger_proposed_due: dt.date | None = None
    ledger_proposal: str = ""
    current_due: dt.date | None
    callback_due: dt.date | None = None
    escalation: str
    path: str
    problem: str
    measures: str
    explanation: str
    callback_at: dt.datetime | None
    callback_method: str
    callback_level: int | None
    callback_note: str
    closed_at: dt.datetime | None
    rater_level: int | None
    appeal_reason: str
    appeal_decision: str
    appeal_decision_reason: str
    excluded: bool


class ContactRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: dt.datetime
    method: str
    by_id: int | None
    summary: str


class TimelineRead(BaseModel):
    at: dt.datetime
    kind: str
    action: str
    operator: str
    detail: dict


class RectificationDetail(RectificationRead):
    allowed_actions: list[str]
    contacts: list[ContactRead]
    timeline: list[TimelineRead]


class RectificationPage(BaseModel):
    items: list[RectificationRead]
    total: int
    page: int
    per_page: int
    pages: int


class ContactIn(BaseModel):
    method: str = Field(description="phone | sms | visit | online（或 电话、短信、上门、网上）")
    summary: str = Field(description="联系情况")


class MeasuresIn(BaseModel):
    measures: str


class ProblemIn(BaseModel):
    problem: str


class LedgerIn(BaseModel):
    ledger_due: Day = Field(description="台账整改期限")
    problem: str = ""


class ExplanationIn(BaseModel):
    explanation: str


class CallbackIn(BaseModel):
    method: str = Field(description="phone | online")
    level: Number = Field(description="回访满意度 1-5")
    note: str = ""


class AppealIn(BaseModel):
    reason: str


class DecisionIn(BaseModel):
    uphold: Flag
    reason: str


class RateIn(BaseModel):
    level: Number
    comment: str = ""


class RateRead(BaseModel):
    total: int
    finished: int
    rate: float | None


class CallbackRateRead(BaseModel):
    start: dt.date
    end: dt.date
    department_id: int | None
    all_reviews: RateRead
    counted: RateRead = Field(description="申诉成立的差评不计入")
    pending: list[RectificationRead]


class DepartmentOverdue(BaseModel):
    department_id: int | None
    department_name: str
    items: list[RectificationRead]


class EscalationsRead(BaseModel):
    overdue_by_department: list[DepartmentOverdue]
    director_list: list[RectificationRead]


class AlertRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    department_id: int | None
    target_kind: str
    target_id: int
    period_start: dt.date
    period_end: dt.date
    count: int
    raised_at: dt.datetime
    acknowledged_by_id: int | None
    acknowledged_at: dt.datetime | None
    note: str


class AlertPage(BaseModel):
    items: list[AlertRead]
    total: int
    page: int
    per_page: int
    pages: int


class AcknowledgeIn(BaseModel):
    note: str


class SettingsRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    contact_days: int
    rectify_days: int
    callback_days: int
    escalate_to_director_after_days: int
    due_soon_days: int
    concentration_threshold: int
    concentration_period_days: int


class SettingsUpdate(BaseModel):
    contact_days: Number | None = None
    rectify_days: Number | None = None
    callback_days: Number | None = None
    escalate_to_director_after_days: Number | None = None
    due_soon_days: Number | None = None
    concentration_threshold: Number | None = None
    concentration_period_days: Number | None = None


def rect_read(rect) -> RectificationRead:
    read = RectificationRead.model_validate(rect)
    read.status_label = STATUS_LABELS[Status(rect.status)]
    return read


def rate_read(rate) -> RateRead:
    return RateRead(total=rate.total, finished=rate.finished, rate=rate.rate)
