"""The inspector's pages on a phone: 我的巡查 (today's and the coming visits, records still waiting for a signal),
the record page of a visit (kept in the browser, sent when the signal returns: static/inspection-record.js), and
a visit's photos."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from xiaoneng.errors import NotFound
from xiaoneng.inspections import photos, records, rules
from xiaoneng.inspections.common import get_visit
from xiaoneng.inspections.models import InspectionFinding, Photo
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.inspections.page_common import flashed
from xiaoneng.web.templating import render

router = APIRouter(prefix="/inspections", dependencies=[Depends(require_csrf)], include_in_schema=False)

LABELS = {"kinds": rules.KIND_LABELS, "frequencies": rules.FREQUENCY_LABELS, "outcomes": rules.OUTCOME_LABELS,
          "statuses": rules.VISIT_STATUS_LABELS}
AHEAD_DAYS = 14


@router.get("/mine")
def mine(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("inspections.record")
    today = clock.today()
    visits = records.mine(db, actor=actor, start=today - dt.timedelta(days=31), end=today + dt.timedelta(days=AHEAD_DAYS))
    waiting = [v for v in visits if v.status == rules.VisitStatus.PLANNED and v.day < today]
    todays = [v for v in visits if v.day == today]
    coming = [v for v in visits if v.day > today]
    done = [v for v in visits if v.status == rules.VisitStatus.RECORDED and v.day < today][-10:]
    points = {v.point_id: records.point_of(db, v) for v in visits}
    ctx = {"today": today, "todays": todays, "waiting": waiting, "coming": coming, "done": done, "points": points,
           **flashed(request), **LABELS}
    return render(request, "inspections/mine.html", ctx, actor=actor)


@router.get("/visits/{visit_id}/record")
def record_page(visit_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    visit = records.recordable(db, actor=actor, visit_id=visit_id)
    point = records.point_of(db, visit)
    ctx = {"v": visit, "point": point, "indicators": records.indicators_of(db, visit), "today": clock.today(),
           "recorded": visit.status != rules.VisitStatus.PLANNED, "early": visit.day > clock.today(),
           "max_mb": photos.MAX_BYTES // (1024 * 1024), **LABELS}
    return render(request, "inspections/record.html", ctx, actor=actor)


def _may_see_photo(db, actor: Actor, photo: Photo) -> bool:
    """Supervisors and leaders see every photo of the center; a unit those of the indicator of a finding it sees."""
    if photo.center_id != actor.center_id or photo.visit_id is None:
        return False
    if actor.can("inspections.read"):
        return True
    if not actor.can("inspections.findings") or not actor.department_scoped:
        return False
    finding = db.query(InspectionFinding).filter(
        InspectionFinding.visit_id == photo.visit_id, InspectionFinding.department_id == actor.department_id,
        InspectionFinding.status != rules.FindingStatus.HELD,
        InspectionFinding.indicator_id == photo.indicator_id).first()
    return finding is not None


@router.get("/photos/{photo_id}")
def photo_file(photo_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    photo = db.get(Photo, photo_id)
    if photo is None or not _may_see_photo(db, actor, photo):
        raise NotFound()
    path = photos.file_of(request.app.state.settings.var_dir, photo)
    return FileResponse(path, media_type=photo.content_type, headers={"Cache-Control": "private, max-age=3600"})


def visit_photos(db, actor: Actor, visit_id) -> list[Photo]:
    return photos.of_visit(db, get_visit(db, actor, visit_id))
