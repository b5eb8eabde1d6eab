"""Pages of the findings: the list (filters, search, sort, XLSX; a unit sees its own), one finding with its trail,
the unit's answer, the supervisors' unit and re-inspection."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inspections import catalogue, findings, letters, notices, records, rules, setup
from xiaoneng.inspections import photos as photo_store
from xiaoneng.inspections import finding_queries as queries
from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
from xiaoneng.inspections.models import PhoneCheck, Visit
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, id_or_none
from xiaoneng.kit.edits import parse_date
from xiaoneng.kit.scope import system_actor
from xiaoneng.letters import rules as letter_rules
from xiaoneng.org import service as org
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import flash, render

LETTER_KINDS, LETTER_STATUSES = letter_rules.KIND_LABELS, letter_rules.STATUS_LABELS
router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _filters(request: Request) -> tuple[queries.Filters, dict]:
    p = request.query_params
    params = {k: p.get(k, "") for k in ("q", "state", "kind", "department_id", "point_type", "repeated", "start",
                                        "end", "sort", "order")}
    filters = queries.Filters(
        q=params["q"], state=params["state"], kind=params["kind"], department_id=id_or_none(params["department_id"]),
        point_type=params["point_type"], repeated=params["repeated"] == "1", start=parse_date(params["start"], "start"),
        end=parse_date(params["end"], "end"), sort=params["sort"] or "found", descending=params["order"] != "asc")
    return filters, params


@router.get("/findings")
def findings_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1):
    filters, params = _filters(request)
    result = queries.list_findings(db, actor=actor, filters=filters, page=page)
    names = queries.names_for(db, actor.center_id, result.items)
    counts = {state: queries.list_findings(db, actor=actor, filters=queries.Filters(state=state), per_page=1).total
              for state in ("open", "overdue", "answered", "closed")}

    def url(**changes) -> str:
        query = {k: v for k, v in {**params, **changes}.items() if v not in ("", None)}
        return "/inspections/findings?" + urlencode(query)

    def sort_url(column: str) -> str:
        same = params["sort"] == column or (not params["sort"] and column == "found")
        return url(sort=column, order="asc" if same and params["order"] != "asc" else "desc", page="")

    ctx = {"page": result, "params": params, "names": names, "counts": counts, "today": clock.today(),
           "state_text": queries.state_text, "states": queries.STATE_FILTERS, "kinds": queries.KIND_LABELS,
           "types": [str(t) for t in INSPECTED_TYPES],
           "departments": org.department_choices(db, actor=system_actor(actor.center_id)),
           "sort_url": sort_url, "export_url": export_link(request, "/inspections/findings/export.xlsx"),
           "this_month": clock.today().strftime("%Y-%m"),
           **flashed(request),
           "prev_url": url(page=result.page - 1) if result.page > 1 else None,
           "next_url": url(page=result.page + 1) if result.page < result.pages else None}
    return render(request, "inspections/findings.html", ctx, actor=actor)


@router.get("/findings/export.xlsx")
def findings_export(request: Request, db: DbSession, actor: CurrentUser):
    filters, _ = _filters(request)
    title = f"巡查问题（导出于 {clock.today().isoformat()}）"
    return xlsx_download(request, db, actor=actor, what="inspection_findings", label="巡查问题",
                         build=lambda s: queries.sheet(s, actor=actor, filters=filters, title=title))


@router.get("/findings/{finding_id}")
def finding_page(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    finding = findings.get_finding(db, actor=actor, finding_id=finding_id)
    names = queries.names_for(db, finding.center_id, [finding])
    visit = db.get(Visit, finding.visit_id) if finding.visit_id else None
    check = db.get(PhoneCheck, finding.phone_check_id) if finding.phone_check_id else None
    reinspections = findings.reinspections_of(db, finding)
    results = {v.id: {r.indicator_id: r for r in records.results_of(db, v)} for v in reinspections}
    people = org.staff_names(db, center_id=finding.center_id, staff_ids={finding.answered_by_id} |
                             {v.inspector_id for v in reinspections} | ({visit.inspector_id} if visit else set()))
    pictures = [p for p in photo_store.of_visit(db, visit) if p.indicator_id == finding.indicator_id] if visit else []
    may_manage = actor.can("inspections.manage") and finding.status != rules.FindingStatus.CLOSED
    ctx = {"f": finding, "point": names.points[finding.point_id], "names": names, "people": people,
           "visit": visit, "check": check, "reinspections": reinspections, "results": results, "photos": pictures,
           "state": queries.state_text(finding, clock.today()), "kinds": queries.KIND_LABELS,
           "outcomes": rules.OUTCOME_LABELS, "visit_kinds": rules.KIND_LABELS,
           "may_answer": actor.can("inspections.answer") and finding.status == rules.FindingStatus.OPEN,
           "may_reinspect": may_manage and finding.status == rules.FindingStatus.ANSWERED,
           "may_assign": may_manage, "indicator": catalogue.by_ids(db, [finding.indicator_id]).get(finding.indicator_id),
           "team": setup.team(db, center_id=finding.center_id) if may_manage else [],
           "departments": org.department_choices(db, actor=system_actor(finding.center_id)) if may_manage else [],
           "notice": _notice(db, actor, finding), "today": clock.today().isoformat(),
           "letters": letters.letters_of(db, actor=actor, finding=finding) if actor.can("letters.read") else [],
           "may_letter": actor.can("letters.write") and finding.status == rules.FindingStatus.OPEN
           and finding.department_id is not None,
           "urging": rules.needs_urging(finding.status, finding.due_on, clock.today(), finding.failed_reinspections),
           "letter_kinds": LETTER_KINDS, "letter_statuses": LETTER_STATUSES, **flashed(request)}
    return render(request, "inspections/finding.html", ctx, actor=actor)


def _notice(db, actor, finding):
    if finding.status == rules.FindingStatus.HELD or finding.department_id is None:
        return None
    return notices.for_finding(db, actor=actor, finding_id=finding.id)


@router.post("/findings/{finding_id}/answer")
async def answer(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        findings.answer(db, actor=actor, finding_id=finding_id, text=str(form.get("answer", "")))
        flash(request, "已反馈整改情况，效能监察人员将安排复查")
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inspections/findings/{finding_id}", status_code=303)


@router.post("/findings/{finding_id}/reinspect")
async def reinspect(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        visit = records.add_reinspection(db, actor=actor, finding_id=finding_id, day=str(form.get("day", "")),
                                         inspector_id=str(form.get("inspector_id", "")))
        flash(request, f"已安排 {visit.day.isoformat()} 复查")
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inspections/findings/{finding_id}", status_code=303)


@router.post("/findings/{finding_id}/unit")
async def assign(finding_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        findings.assign_unit(db, actor=actor, finding_id=finding_id, department_id=str(form.get("department_id", "")))
        flash(request, "已指定责任单位")
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message, "error")
    return RedirectResponse(f"/inspections/findings/{finding_id}", status_code=303)
