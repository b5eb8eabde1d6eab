"""JSON API of the bad-review loop: list, detail, each step, callback rate, escalations, alerts, settings."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends

from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Day, Id, PageNo, PerPage
from xiaoneng.kit.scope import Actor
from xiaoneng.rectification import service
from xiaoneng.rectification.schemas import (
    AcknowledgeIn, AlertPage, AlertRead, AppealIn, CallbackIn, CallbackRateRead, ContactIn, ContactRead,
    DecisionIn, DepartmentOverdue, EscalationsRead, ExplanationIn, LedgerIn, MeasuresIn, ProblemIn,
    RectificationDetail, RectificationPage, SettingsRead, SettingsUpdate, TimelineRead, rate_read, rect_read,
)
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/rectifications", tags=["rectifications"], dependencies=[Depends(require_csrf)])

Reader = Annotated[Actor, require_permission("rectification.read")]


def _detail(db, actor: Actor, rect) -> RectificationDetail:
    base = rect_read(rect).model_dump()
    return RectificationDetail(
        **base,
        allowed_actions=[a.value for a in service.allowed_actions(rect, actor)],
        contacts=[ContactRead.model_validate(c) for c in service.contacts(db, actor=actor, rect=rect)],
        timeline=[TimelineRead(at=e.at, kind=e.kind, action=e.action, operator=e.operator, detail=e.detail)
                  for e in service.timeline(db, actor=actor, rect=rect)],
    )


def _month_start(today: dt.date) -> dt.date:
    return today.replace(day=1)


@api.get("", response_model=RectificationPage)
def list_rectifications(db: DbSession, actor: Reader, status: str | None = None, department_id: Id | None = None,
                        overdue: bool = False, real_name: bool | None = None, escalation: str | None = None,
                        page: PageNo = 1, per_page: PerPage = 20):
    """Records in scope; status may be a status, `open` or `pending`; escalation `overdue`, `department_head`, `director`."""
    result = service.list_rectifications(db, actor=actor, status=status, department_id=department_id, overdue=overdue,
                                         real_name=real_name, escalation=escalation, page=page, per_page=per_page)
    return {"items": [rect_read(r) for r in result.items], "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages}


@api.get("/callback-rate", response_model=CallbackRateRead)
def callback_rate(db: DbSession, actor: Reader, start: Day | None = None, end: Day | None = None,
                  department_id: Id | None = None):
    """D3: the real-name callback-and-rectification rate, with and without reviews excluded by upheld appeals."""
    end = end or clock.today()
    start = start or _month_start(end)
    report = service.callback_rate(db, actor=actor, start=start, end=end, department_id=department_id)
    return CallbackRateRead(start=report.start, end=report.end, department_id=report.department_id,
                            all_reviews=rate_read(report.all_reviews), counted=rate_read(report.counted),
                            pending=[rect_read(r) for r in report.pending])


@api.get("/escalations", response_model=EscalationsRead)
def escalations(db: DbSession, actor: Reader):
    """D4: overdue records per department and the director's office list."""
    lists = service.escalations(db, actor=actor)
    return EscalationsRead(
        overdue_by_department=[DepartmentOverdue(department_id=d.id if d else None, department_name=d.name if d else "",
                                                 items=[rect_read(r) for r in rs])
                               for d, rs in lists.overdue_by_department],
        director_list=[rect_read(r) for r in lists.director_list],
    )


@api.get("/alerts", response_model=AlertPage)
def alerts(db: DbSession, actor: Reader, open_only: bool = False, page: PageNo = 1,
           per_page: PerPage = 20):
    """D4: concentration alerts."""
    result = service.list_alerts(db, actor=actor, open_only=open_only, page=page, per_page=per_page)
    return {"items": [AlertRead.model_validate(a) for a in result.items], "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages}


@api.post("/alerts/{alert_id}/acknowledge", response_model=AlertRead)
def acknowledge(alert_id: Id, body: AcknowledgeIn, db: DbSession, actor: Reader):
    """Record what the investigation of an alert found."""
    return service.acknowledge_alert(db, actor=actor, alert_id=alert_id, note=body.note)


@api.get("/settings", response_model=SettingsRead)
def read_settings(db: DbSession, actor: Reader):
    """The center's loop deadlines and alert thresholds."""
    return service.get_settings(db, actor=actor)


@api.patch("/settings", response_model=SettingsRead)
def change_settings(body: SettingsUpdate, db: DbSession, actor: Reader):
    """D6: change the center's deadlines (e.g. 7 and 15 working days) and thresholds."""
    return service.update_settings(db, actor=actor, **body.model_dump(exclude_none=True))


@api.get("/{rectification_id}", response_model=RectificationDetail)
def read(rectification_id: Id, db: DbSession, actor: Reader):
    """One record with its allowed actions, contact log and timeline."""
    return _detail(db, actor, service.get_rectification(db, actor=actor, rectification_id=rectification_id))


@api.post("/{rectification_id}/contact", response_model=RectificationDetail)
def contact(rectification_id: Id, body: ContactIn, db: DbSession, actor: Reader):
    """Log a contact with the rater."""
    service.log_contact(db, actor=actor, rectification_id=rectification_id, method=body.method, summary=body.summary)
    return _detail(db, actor, service.get_rectification(db, actor=actor, rectification_id=rectification_id))


@api.post("/{rectification_id}/solve-on-spot", response_model=RectificationDetail)
def solve_on_spot(rectification_id: Id, body: MeasuresIn, db: DbSession, actor: Reader):
    """The problem was solved on the spot."""
    return _detail(db, actor, service.solve_on_spot(db, actor=actor, rectification_id=rectification_id,
                                                    measures=body.measures))


@api.post("/{rectification_id}/confirm", response_model=RectificationDetail)
def confirm(rectification_id: Id, body: ProblemIn, db: DbSession, actor: Reader):
    """The problem is confirmed and will be rectified."""
    return _detail(db, actor, service.confirm_problem(db, actor=actor, rectification_id=rectification_id,
                                                      problem=body.problem))


@api.post("/{rectification_id}/ledger", response_model=RectificationDetail)
def ledger(rectification_id: Id, body: LedgerIn, db: DbSession, actor: Reader):
    """A leader (the department's head or a center leader) puts a complex problem into the ledger with a deadline."""
    return _detail(db, actor, service.to_ledger(db, actor=actor, rectification_id=rectification_id,
                                                ledger_due=body.ledger_due, problem=body.problem))


@api.post("/{rectification_id}/ledger-proposal", response_model=RectificationDetail)
def ledger_proposal(rectification_id: Id, body: LedgerIn, db: DbSession, actor: Reader):
    """A supervisor proposes a ledger deadline; the department's head or a center leader confirms or changes it."""
    return _detail(db, actor, service.propose_ledger(db, actor=actor, rectification_id=rectification_id,
                                                     ledger_due=body.ledger_due, problem=body.problem))


@api.post("/{rectification_id}/explain", response_model=RectificationDetail)
def explain(rectification_id: Id, body: ExplanationIn, db: DbSession, actor: Reader):
    """Record the explanation for a request without legal basis."""
    return _detail(db, actor, service.explain(db, actor=actor, rectification_id=rectification_id,
                                              explanation=body.explanation))


@api.post("/{rectification_id}/feed-back", response_model=RectificationDetail)
def feed_back(rectification_id: Id, body: MeasuresIn, db: DbSession, actor: Reader):
    """The rectification is done and fed back."""
    return _detail(db, actor, service.feed_back(db, actor=actor, rectification_id=rectification_id,
                                                measures=body.measures))


@api.post("/{rectification_id}/callback", response_model=RectificationDetail)
def callback(rectification_id: Id, body: CallbackIn, db: DbSession, actor: Reader):
    """Call the rater back and record their satisfaction again."""
    return _detail(db, actor, service.callback(db, actor=actor, rectification_id=rectification_id,
                                               method=body.method, level=body.level, note=body.note))


@api.post("/{rectification_id}/close", response_model=RectificationDetail)
def close(rectification_id: Id, db: DbSession, actor: Reader):
    """Close a finished record."""
    return _detail(db, actor, service.close(db, actor=actor, rectification_id=rectification_id))


@api.post("/{rectification_id}/appeal", response_model=RectificationDetail)
def appeal(rectification_id: Id, body: AppealIn, db: DbSession, actor: Reader):
    """The department asks that the review be judged mistaken or malicious."""
    return _detail(db, actor, service.appeal(db, actor=actor, rectification_id=rectification_id, reason=body.reason))


@api.post("/{rectification_id}/decide-appeal", response_model=RectificationDetail)
def decide_appeal(rectification_id: Id, body: DecisionIn, db: DbSession, actor: Reader):
    """Uphold or reject an appeal, with reasons."""
    return _detail(db, actor, service.decide_appeal(db, actor=actor, rectification_id=rectification_id,
                                                    uphold=body.uphold, reason=body.reason))

