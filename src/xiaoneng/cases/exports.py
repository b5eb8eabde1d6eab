"""The cases list (办件) as a spreadsheet: every case the page's filters match, in the actor's scope, as people read
it (labels, names, local times); the applicant's name and phone masked unless the role holds personal.read."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.cases import repository as repo
from xiaoneng.cases.models import APPLICANT_TYPE_LABELS, CASE_STATUS_LABELS, ApplicantType
from xiaoneng.kit import clock
from xiaoneng.kit.masking import mask_name, mask_phone
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, yes_no

BATCH = 1000
ORIGIN_LABELS = {"window": "窗口办理", "online": "网上办理", "external": "外部系统"}
COLUMNS = [
    Column("办件编号", width=18), Column("事项", width=24), Column("科室", width=16), Column("窗口", width=16),
    Column("经办人"), Column("来源"), Column("申请人类型"), Column("申请人", width=20), Column("联系电话", width=14),
    Column("收件时间", "datetime"), Column("受理时间", "datetime"), Column("办结时间", "datetime"),
    Column("承诺时限（工作日）", "int"), Column("办结期限", "date"), Column("期限待核定"), Column("状态"),
    Column("超期"), Column("外部办件编号", width=18), Column("即将到期"),
]


def describe(filters: dict) -> str:
    """The list's filters in words, for the title row."""
    parts = []
    if filters.get("q"):
        parts.append(f"搜索：{filters['q']}")
    if filters.get("status"):
        parts.append(f"状态：{CASE_STATUS_LABELS.get(filters['status'], filters['status'])}")
    if filters.get("overdue"):
        parts.append("仅超期")
    if filters.get("due_soon"):
        parts.append("仅即将到期")
    return "；".join(parts) or "全部办件"


def _row(found, personal: bool) -> tuple:
    c = found.Case
    return (c.number, found.item, found.department, found.window, found.handler, ORIGIN_LABELS.get(c.origin, c.origin),
            APPLICANT_TYPE_LABELS.get(c.applicant_type, c.applicant_type),
            # An organisation's name is public; only a natural person's name is personal data.
            c.applicant_name if personal or c.applicant_type != ApplicantType.PERSON else mask_name(c.applicant_name),
            c.applicant_phone if personal else mask_phone(c.applicant_phone), c.received_at, c.accepted_at,
            c.completed_at, c.limit_days, c.due_on or "停止计时", yes_no(c.due_provisional),
            CASE_STATUS_LABELS.get(c.status, c.status), yes_no(c.overdue), c.external_ref,
            yes_no(c.deadline_state == "due_soon"))


def sheet(session: Session, *, actor: Actor, filters: dict) -> Sheet:
    """Every case of the list with these filters (those of the page), newest first."""
    actor.require("cases.read")
    personal = actor.can("personal.read")
    stmt = repo.with_names(repo.cases(actor=actor, **filters)).execution_options(yield_per=BATCH)
    rows = (_row(found, personal) for found in session.execute(stmt))
    title = f"办件列表（{describe(filters)}）导出于 {clock.now():%Y-%m-%d %H:%M}"
    return Sheet(name="办件", title=title, columns=COLUMNS, rows=rows)
