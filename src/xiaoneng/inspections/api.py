"""JSON API of inspections: what the phone's record page sends when it has a signal (photos first, then the
record, both under the record's submission key, so a resend stores nothing twice), and the facts of a 提示函."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from xiaoneng.inspections import notices, records
from xiaoneng.inspections.common import parse_month
from xiaoneng.kit.bounds import Id
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession

api = APIRouter(prefix="/inspections", tags=["inspections"], dependencies=[Depends(require_csrf)])


class PhotoOut(BaseModel):
    id: int
    sha256: str
    again: bool


@api.post("/photos")
async def upload_photo(request: Request, db: DbSession, actor: CurrentUser, visit_id: Annotated[Id, Form()],
                       submission_key: Annotated[str, Form(max_length=64)], file: Annotated[UploadFile, File()],
                       indicator_id: Annotated[str, Form(max_length=12)] = "") -> PhotoOut:
    """One photo of the record being taken of a visit (JPEG, PNG or WebP, at most 5 MB); sent again with the same
    submission key it is the one stored (`again`)."""
    data = await file.read()
    photo, again = await run_in_threadpool(
        records.upload_photo, db, actor=actor, var_dir=request.app.state.settings.var_dir, visit_id=visit_id,
        submission_key=submission_key, indicator_id=indicator_id, name=file.filename or "", data=data)
    return PhotoOut(id=photo.id, sha256=photo.sha256, again=again)


class ResultIn(BaseModel):
    indicator_id: Id
    outcome: str = Field(max_length=8)
    note: str = Field(default="", max_length=500)


class RecordIn(BaseModel):
    submission_key: str = Field(max_length=64)
    results: list[ResultIn] = Field(max_length=200)
    notes: str = Field(default="", max_length=2000)


class RecordOut(BaseModel):
    visit_id: int
    again: bool  # this record had been received before: nothing new stored
    findings: int
    url: str


@api.post("/visits/{visit_id}/record")
def record_visit(visit_id: Id, body: RecordIn, db: DbSession, actor: CurrentUser) -> RecordOut:
    """The record of a visit: every indicator pass, fail or na (a failure with its note); photos sent before it
    with the same submission key are attached."""
    done = records.record(db, actor=actor, visit_id=visit_id, submission_key=body.submission_key,
                          results=[r.model_dump() for r in body.results], notes=body.notes)
    return RecordOut(visit_id=done.visit.id, again=done.again, findings=done.findings,
                     url=f"/inspections/visits/{done.visit.id}")


class ProblemOut(BaseModel):
    finding_id: int
    number: str
    point: str
    indicator: str
    description: str
    found_on: str
    due_on: str | None
    repeat_count: int
    line: str


class NoticeOut(BaseModel):
    department_id: int
    unit: str
    title: str
    deadline: str | None
    problems: list[ProblemOut]


def _out(notice: notices.Notice) -> NoticeOut:
    return NoticeOut(department_id=notice.department_id, unit=notice.unit, title=notice.title,
                     deadline=notice.deadline.isoformat() if notice.deadline else None,
                     problems=[ProblemOut(finding_id=p.finding_id, number=p.number, point=p.point,
                                          indicator=p.indicator, description=p.description,
                                          found_on=p.found_on.isoformat(),
                                          due_on=p.due_on.isoformat() if p.due_on else None,
                                          repeat_count=p.repeat_count, line=p.line()) for p in notice.problems])


@api.get("/findings/{finding_id}/notice")
def finding_notice(finding_id: Id, db: DbSession, actor: CurrentUser) -> NoticeOut:
    """What a 提示函 on one finding needs: the unit, the title, the problem and the deadline."""
    return _out(notices.for_finding(db, actor=actor, finding_id=finding_id))


@api.get("/visits/{visit_id}/notices")
def visit_notices(visit_id: Id, db: DbSession, actor: CurrentUser) -> list[NoticeOut]:
    """One notice per unit on the findings of a visit."""
    return [_out(n) for n in notices.for_visit(db, actor=actor, visit_id=visit_id)]


@api.get("/notices")
def month_notices(month: Annotated[str, Query(max_length=7)], db: DbSession, actor: CurrentUser) -> list[NoticeOut]:
    """One notice per unit on the findings of a month (YYYY-MM) still to rectify."""
    return [_out(n) for n in notices.for_month(db, actor=actor, month=parse_month(month))]
