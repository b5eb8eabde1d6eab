"""JSON shapes of notices: what a handler sends to issue a notice or refuse a case, and a notice as read."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from xiaoneng.kit.bounds import Id


class FindingIn(BaseModel):
    material_id: Id
    problem: str = Field(description="missing（缺少）或 noncompliant（不符合要求）", max_length=16)
    reason: str = Field(default="", max_length=200, description="不符合要求的具体原因（缺少时可不填）")


class NoticeIn(BaseModel):
    findings: list[FindingIn] = Field(max_length=200)
    note: str = Field(default="", max_length=500)


class RefusalIn(BaseModel):
    reasons: list[str] = Field(max_length=10)
    note: str = Field(default="", max_length=500)


class NoticeRead(BaseModel):
    id: int
    case_id: int
    n: int  # the notice's place within the case: its documents are …/notices/{n}.pdf and .docx
    number: str
    kind: str
    kind_label: str
    title: str
    issued_at: dt.datetime
    handler_id: int | None
    materials: list[str]  # asked for (missing or non-compliant)
    reasons: list[str]
    new_materials: list[str]  # asked for by no earlier notice of the case: a one-time-notification violation
    violation: bool
    pdf_url: str
    docx_url: str
