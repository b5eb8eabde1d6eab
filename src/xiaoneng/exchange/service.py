"""Exchange with the provincial/national 好差评 platform (SPEC K7): exports, pushes, and received rating invitations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases import rules as case_rules
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import ApplicantType, CaseOrigin
from xiaoneng.disclosure.rules import scrub
from xiaoneng.errors import ValidationFailed
from xiaoneng.exchange import repository as repo
from xiaoneng.exchange import rules
from xiaoneng.exchange.senders import ExchangeSender
from xiaoneng.items import service as items
from xiaoneng.kit import clock
from xiaoneng.kit import edits
from xiaoneng.kit.edits import clean_text
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.ratings import links
from xiaoneng.ratings.rules import LEVEL_LABELS, Level
from xiaoneng.rectification.rules import STATUS_LABELS, Status

KINDS = {"ratings": "评价数据", "cases": "办件数据"}
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class Export:
    """A checked export request: what, for which period, in which format, under which file name."""

    kind: str
    start: dt.date
    end: dt.date
    fmt: str
    center_code: str
    region_code: str

    @property
    def filename(self) -> str:
        return rules.export_filename(self.kind, self.center_code, self.start, self.end, self.fmt)

    @property
    def media_type(self) -> str:
        return FORMATS[self.fmt]

    @property
    def meta(self) -> dict:
        return {"kind": self.kind, "center_code": self.center_code, "region_code": self.region_code,
                "start": self.start.isoformat(), "end": self.end.isoformat()}


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    edits.check_period(start, end, max_days=MAX_PERIOD_DAYS, too_long=f"导出期间不能超过 {MAX_PERIOD_DAYS} 天，请分段导出")


def prepare_export(session: Session, *, actor: Actor, kind: str, start: dt.date | None, end: dt.date | None,
                   fmt: str = "json") -> Export:
    """Check an export request and record in the audit chain that the data left the platform."""
    actor.require("exchange.export")
    if kind not in KINDS:
        raise ValidationFailed("导出内容只能是评价数据或办件数据", field="kind")
    if fmt not in FORMATS:
        raise ValidationFailed("格式只能是 json 或 csv", field="format")
    check_period(start, end)
    center = org.get_center(session, actor=actor)
    export = Export(kind=kind, start=start, end=end, fmt=fmt, center_code=center.code, region_code=center.region_code)
    audit.record(session, actor=actor, action="exchange.export", entity="exchange", entity_id=kind,
                 detail={"start": start.isoformat(), "end": end.isoformat(), "format": fmt}, center_id=center.id)
    return export


def _rating_record(row, region_code: str) -> dict:
    code, name = rules.channel(row.channel)
    try:
        level_name = LEVEL_LABELS[Level(row.level)]
    except ValueError:
        level_name = ""
    try:
        status_name = STATUS_LABELS[Status(row.rectification_status)] if row.rectification_status else ""
    except ValueError:
        status_name = ""
    return {
        "rating_id": row.rating_id, "case_number": row.case_number or "", "external_ref": row.external_ref or "",
        "step_name": row.step_name or "", "item_code": row.item_code or "", "item_version": row.item_version,
        "item_name": row.item_name or "", "department_code": row.department_code or "",
        "department_name": row.department_name or "", "region_code": region_code,
        "applicant_type": rules.applicant_type(row.applicant_type), "channel_code": code, "channel_name": name,
        "social_source": row.social_source or "", "window_code": row.window_code or "", "staff_no": row.staff_no or "",
        "received_at": rules.timestamp(row.received_at, clock.TZ),
        "completed_at": rules.timestamp(row.step_completed_at or row.case_completed_at, clock.TZ),
        "rated_at": rules.timestamp(row.rated_at, clock.TZ), "level": row.level, "level_name": level_name,
        "indicators": row.indicators or {},
        # The receiving platform gets the content, not the rater's or staff member's contact details.
        "comment": scrub(row.comment, names=(row.rater_name or "", row.staff_name or "")),
        "is_default": bool(row.is_default), "rectification_status": row.rectification_status or "",
        "rectification_status_name": status_name,
    }


def _case_record(row, region_code: str) -> dict:
    return {
        "case_number": row.case_number, "external_ref": row.external_ref or "", "item_code": row.item_code,
        "item_version": row.item_version, "item_name": row.item_name, "department_code": row.department_code,
        "department_name": row.department_name, "region_code": region_code,
        "applicant_type": rules.applicant_type(row.applicant_type), "origin": rules.ORIGIN_CODES.get(row.origin, ""),
        "window_code": row.window_code or "", "staff_no": row.staff_no or "",
        "received_at": rules.timestamp(row.received_at, clock.TZ),
        "accepted_at": rules.timestamp(row.accepted_at, clock.TZ),
        "completed_at": rules.timestamp(row.completed_at, clock.TZ), "limit_days": row.limit_days,
        "due_on": row.due_on.isoformat() if row.due_on else "", "status": row.status,
        # Overdue as of today, not as of the case's last event (a finished case keeps what it was at completion).
        "overdue": bool(row.overdue) or case_rules.overdue_on(row.clock_status, row.due_on, clock.today()),
    }


def records(session: Session, *, actor: Actor, export: Export) -> Iterator[dict]:
    """The export's records one by one (fetched from the database in batches)."""
    actor.require("exchange.export")
    if export.kind == "ratings":
        for row in repo.rating_rows(session, actor=actor, start=export.start, end=export.end):
            yield _rating_record(row, export.region_code)
    else:
        for row in repo.case_rows(session, actor=actor, start=export.start, end=export.end, tz=clock.TZ):
            yield _case_record(row, export.region_code)


def chunks(session: Session, *, actor: Actor, export: Export) -> Iterator[str]:
    """The export document as text chunks: JSON {meta, records} or CSV with BOM and a Chinese header."""
    rows = records(session, actor=actor, export=export)
    if export.fmt == "csv":
        return rules.csv_chunks(rows, rules.FIELDS[export.kind])
    return rules.json_chunks(rows, export.meta)


@dataclass(frozen=True)
class PushResult:
    reference: str
    count: int
    sender: str


def push(session: Session, *, actor: Actor, kind: str, start: dt.date | None, end: dt.date | None,
         sender: ExchangeSender) -> PushResult:
    """Push one period's export (JSON) through the configured sender, and audit what was sent."""
    export = prepare_export(session, actor=actor, kind=kind, start=start, end=end, fmt="json")
    count = 0

    def counted():
        nonlocal count
        for record in records(session, actor=actor, export=export):
            count += 1
            yield record

    reference = sender.send(filename=export.filename, chunks=rules.json_chunks(counted(), export.meta))
    audit.record(session, actor=actor, action="exchange.push", entity="exchange", entity_id=kind,
                 detail={"start": export.start.isoformat(), "end": export.end.isoformat(), "count": count,
                         "sender": sender.name, "reference": reference})
    return PushResult(reference=reference, count=count, sender=sender.name)


# --- rating invitations for cases handled in other systems -----------------------------------------------------------

APPLICANT_TYPES = {"person": ApplicantType.PERSON, "1": ApplicantType.PERSON, "organisation": ApplicantType.ORGANISATION,
                   "2": ApplicantType.ORGANISATION}


@dataclass(frozen=True)
class Invitation:
    case_id: int
    case_number: str
    step_id: int
    rating_due_on: dt.date
    rating_open: bool
    rating_url: str | None  # None once the rating window has passed: the default 满意 will be recorded


def _aware(value: dt.datetime | None, field: str) -> dt.datetime:
    if value is None:
        raise ValidationFailed("必填", field=field)
    if value.tzinfo is None:
        raise ValidationFailed("时间须带时区，例如 2026-03-10T10:00:00+08:00", field=field)
    return value


def receive_invitation(session: Session, *, actor: Actor, external_ref: str, item_code: str, applicant_name: str,
                       received_at: dt.datetime | None, completed_at: dt.datetime | None,
                       applicant_type: str = "person", applicant_phone: str = "", applicant_account: str = "",
                       window_code: str = "", staff_no: str = "", step_name: str = "办结",
                       secret: str, base_url: str, now: dt.datetime | None = None) -> Invitation:
    """Record a case handled in another system as an external case with one completed step, open for rating."""
    actor.require("exchange.export")
    now = now or clock.now()
    ref = clean_text(external_ref)
    if not ref:
        raise ValidationFailed("外部办件编号不能为空", field="external_ref")
    if len(ref) > 40:
        raise ValidationFailed("外部办件编号不能超过40个字符", field="external_ref")
    kind = APPLICANT_TYPES.get(clean_text(applicant_type))
    if kind is None:
        raise ValidationFailed("申请人类型只能是 person/organisation（或 1/2）", field="applicant_type")
    received, completed = _aware(received_at, "received_at"), _aware(completed_at, "completed_at")
    if completed < received:
        raise ValidationFailed("办结时间不能早于收件时间", field="completed_at")
    if completed > now + dt.timedelta(minutes=5):
        raise ValidationFailed("办结时间不能晚于当前时间", field="completed_at")
    item = items.find_item_by_code(session, actor=actor, code=item_code)
    if item is None:
        raise ValidationFailed(f"事项编码不存在：{clean_text(item_code)}", field="item_code")
    window_id = handler_id = None
    if clean_text(window_code):
        window = org.find_window_by_code(session, actor=actor, code=window_code)
        if window is None:
            raise ValidationFailed(f"窗口编码不存在：{clean_text(window_code)}", field="window_code")
        window_id = window.id
    if clean_text(staff_no):
        staff = org.find_staff_by_no(session, actor=actor, staff_no=staff_no)
        if staff is None:
            raise ValidationFailed(f"人员工号不存在：{clean_text(staff_no)}", field="staff_no")
        handler_id = staff.id
    # The other system did the work; the case is recorded here by the platform itself on the caller's behalf.
    platform = system_actor(actor.center_id, name=f"exchange:{actor.username}")
    case = cases.create_case(session, actor=platform, item_id=item.id, applicant_name=applicant_name,
                             window_id=window_id, handler_id=handler_id, applicant_type=kind,
                             applicant_phone=applicant_phone, applicant_account=applicant_account,
                             origin=CaseOrigin.EXTERNAL, steps=[step_name or "办结"], received_at=received,
                             number=ref, external_ref=ref)
    step = cases.complete_step(session, actor=platform, case_id=case.id, at=completed, handler_id=handler_id)
    due = step.rating_due_on
    url = links.step_link(step, secret=secret, now=now, base_url=base_url)  # the configured public base
    audit.record(session, actor=actor, action="exchange.invitation", entity="case", entity_id=case.id,
                 detail={"external_ref": ref, "item": item.code, "step": step.id, "rating_due_on": due.isoformat()})
    return Invitation(case_id=case.id, case_number=case.number, step_id=step.id, rating_due_on=due,
                      rating_open=url is not None, rating_url=url)
