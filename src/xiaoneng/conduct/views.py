"""The conduct findings page: each hit with its evidence highlighted in the text, the staff member it concerns and
a link to the record; filtered by state, staff member and department, exported, confirmed or dismissed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup

from xiaoneng.conduct import service
from xiaoneng.conduct.models import FINDING_STATUS_LABELS, SOURCE_LABELS, FindingStatus, Source
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.scope import system_actor
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/conduct", dependencies=[Depends(require_csrf)], include_in_schema=False)
CONTEXT = 40  # characters of the text shown either side of the evidence


def evidence(text: str, start: int, end: int) -> Markup:
    """The words of the hit marked in their sentence, the rest escaped."""
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    return Markup("{}{}<mark>{}</mark>{}{}").format("…" if start > CONTEXT else "", before, text[start:end], after,
                                                    "…" if end + CONTEXT < len(text) else "")


def _filters(request: Request) -> dict:
    p = request.query_params
    status = p.get("status", "pending")
    if status and status not in set(FindingStatus):
        raise ValidationFailed("状态不正确", field="status")
    return {"status": status, "staff_id": id_or_none(p.get("staff_id", ""))}


@router.get("")
def findings_page(request: Request, db: DbSession, actor: CurrentUser):
    filters = _filters(request)
    findings = service.list_findings(db, actor=actor, **filters)
    center = actor.center_id
    names = org.staff_names(db, center_id=center, staff_ids={f.staff_id for f in findings})
    departments = {d.id: d.name for d in org.department_choices(db, actor=system_actor(center))}
    ctx = {"findings": findings, "names": names, "department_names": departments, "params": filters,
           "statuses": FINDING_STATUS_LABELS, "sources": SOURCE_LABELS, "evidence": evidence,
           "staff": org.staff_choices(db, center_id=center), "may_decide": actor.can("conduct.decide"),
           "pending": FindingStatus.PENDING, "flash": take_flash(request),
           "export_url": export_link(request, "/conduct/export.xlsx")}
    return render(request, "conduct/findings.html", ctx, actor=actor)


@router.get("/export.xlsx")
def export(request: Request, db: DbSession, actor: CurrentUser):
    filters = _filters(request)

    def build(session) -> Sheet:
        findings = service.list_findings(session, actor=actor, limit=100_000, **filters)
        names = org.staff_names(session, center_id=actor.center_id, staff_ids={f.staff_id for f in findings})
        departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
        rows = ([f.found_on, names.get(f.staff_id, ""), departments.get(f.department_id, ""),
                 SOURCE_LABELS.get(Source(f.source), ""), f.phrase_text, f.text[f.start:f.end], f.text,
                 FINDING_STATUS_LABELS.get(FindingStatus(f.status), ""), f.decision_note] for f in findings)
        columns = [Column("发现日期", "date"), Column("涉及人员"), Column("科室", width=14), Column("来源"),
                   Column("禁止用语", width=24), Column("命中文字", width=20), Column("原文", width=50),
                   Column("状态"), Column("核实意见", width=30)]
        return Sheet(name="服务规范线索", title=f"服务规范用语线索（导出于 {clock.today().isoformat()}）",
                     columns=columns, rows=rows)

    return xlsx_download(request, db, actor=actor, what="conduct_findings", label="服务规范线索", build=build)


@router.post("/findings/{finding_id}")
async def decide(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    confirm = form.get("decision") == "confirm"
    try:
        service.decide(db, actor=actor, finding_id=finding_id, confirm=confirm, note=str(form.get("note", "")))
        flash(request, "已确认该线索" if confirm else "已排除该线索")
    except Conflict as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse("/conduct", status_code=303)
