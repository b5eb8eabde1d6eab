"""Pages of the handover records (交接记录): the list in scope and one record with what was done for A while away,
which A confirms."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.duty import acting, handovers, rules
from xiaoneng.duty.models import HANDOVER_STATUS_LABELS, Absence, HandoverStatus
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.bounds import Id, PageNo
from xiaoneng.org import service as org
from xiaoneng.org.models import Department
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/duty/handovers", dependencies=[Depends(require_csrf)], include_in_schema=False)


@router.get("")
def handover_list(request: Request, db: DbSession, actor: CurrentUser, status: str = "", page: PageNo = 1):
    found = handovers.list_handovers(db, actor=actor, status=status, page=page)
    names = org.staff_names(db, center_id=actor.center_id, staff_ids={h.staff_id for h in found.items})
    departments = org.related(db, actor=actor, model=Department, ids=[h.department_id for h in found.items])
    ctx = {"page": found, "names": names, "departments": departments, "status": status,
           "statuses": HANDOVER_STATUS_LABELS, "flash": take_flash(request)}
    return render(request, "duty/handovers.html", ctx, actor=actor)


def _page(request: Request, db, actor, handover_id: int, *, error: str = "", status_code: int = 200):
    handover = handovers.get_handover(db, actor=actor, handover_id=handover_id)
    absence = db.get(Absence, handover.absence_id)
    done = acting.actions_of(db, handover.absence_id)
    names = org.staff_names(db, center_id=handover.center_id,
                            staff_ids={handover.staff_id} | {a.acting_staff_id for a in done})
    ctx = {"h": handover, "absence": absence, "done": done, "names": names, "error": error,
           "period": rules.Period.of(absence.start_date, absence.start_half, absence.end_date,
                                     absence.end_half).label(),
           "kind": rules.ABSENCE_LABELS[rules.AbsenceKind(absence.kind)], "statuses": HANDOVER_STATUS_LABELS,
           "may_confirm": handover.staff_id == actor.user_id and handover.status == HandoverStatus.PENDING,
           "flash": take_flash(request)}
    return render(request, "duty/handover.html", ctx, actor=actor, status_code=status_code)


@router.get("/{handover_id}")
def handover_page(handover_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    return _page(request, db, actor, handover_id)


@router.post("/{handover_id}/confirm")
async def confirm(handover_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        handovers.confirm(db, actor=actor, handover_id=handover_id, note=str(form.get("note", "")))
    except ValidationFailed as exc:
        db.rollback()
        return _page(request, db, actor, handover_id, error=exc.message, status_code=422)
    flash(request, "已确认交接记录")
    return RedirectResponse(f"/duty/handovers/{handover_id}", status_code=303)
