"""API shapes of cases."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from xiaoneng.kit.bounds import Day, Id


class CaseCreate(BaseModel):
    item_id: Id
    applicant_name: str = Field(max_length=100)
    window_id: Id | None = None
    handler_id: Id | None = None
    applicant_type: str = "person"
    applicant_phone: str = ""
    applicant_id_number: str = ""
    applicant_account: str = ""
    origin: str = "window"
    steps: list[str] | None = None
    number: str | None = None


class ExtensionIn(BaseModel):
    new_due: Day
    reason: str = Field(max_length=200)


class DecisionIn(BaseModel):
    note: str = Field("", max_length=200)  # required when refusing


class ExtensionRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    case_id: int
    status: str  # pending, approved or refused
    current_due: dt.date | None
    new_due: dt.date
    reason: str
    requested_by_id: int | None
    requested_at: dt.datetime
    decided_by_id: int | None
    decided_at: dt.datetime | None
    decision_note: str


class ExtensionRequestPage(BaseModel):
    items: list[ExtensionRequestRead]
    total: int
    page: int
    per_page: int
    pages: int


class StepRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    seq: int
    name: str
    handler_id: int | None
    completed_at: dt.datetime | None
    due_on: dt.date | None  # the step's share of the case's period; None while 补正 stops the clock
    due_provisional: bool
    rating_due_on: dt.date | None
    rating_closed: bool


class CaseRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    number: str
    item_id: int
    department_id: int
    window_id: int | None
    handler_id: int | None
    origin: str
    status: str
    applicant_type: str
    applicant_name: str
    limit_days: int
    received_at: dt.datetime
    completed_at: dt.datetime | None
    due_on: dt.date | None
    due_provisional: bool
    clock_status: str
    overdue: bool
    deadline_state: str  # "", "due_soon" or "overdue" as of the last hourly deadline run
    steps: list[StepRead]


class CasePage(BaseModel):
    items: list[CaseRead]
    total: int
    page: int
    per_page: int
    pages: int
