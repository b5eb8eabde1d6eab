"""Pages of the bad-review loop: the list with the callback rate, one record with its steps, escalations, alerts."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from xiaoneng.errors import Conflict, Forbidden, ValidationFailed
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, id_or_none
from xiaoneng.kit.masking import mask_name, mask_phone
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import CHANNEL_LABELS, LEVEL_LABELS
from xiaoneng.rectification import exports, rules, service
from xiaoneng.rectification.rules import ACTION_LABELS, ESCALATION_LABELS, PATH_LABELS, STATUS_LABELS, Action, Status
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession
from xiaoneng.web.downloads import export_link, xlsx_download
from xiaoneng.web.templating import flash, render, take_flash

router = APIRouter(prefix="/rectifications", dependencies=[Depends(require_csrf)], include_in_schema=False)

SETTING_LABELS = {name: label for name, (label, _low, _high) in rules.SETTING_BOUNDS.items()}


def _int_or_none(value: str | None) -> int | None:
    return id_or_none(value)


def _date_or(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return default


def _common(db: Session, actor: Actor) -> dict:
    departments = org.department_choices(db, actor=actor)
    return {"departments": departments, "department_names": {d.id: d.name for d in departments},
            "status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
            "escalation_labels": ESCALATION_LABELS, "today": clock.today(), "local": clock.local}


LIST_PARAMS = ("status", "department_id", "overdue", "real_name", "escalation")


def list_filters(params: dict) -> dict:
    """The list's filters from its query parameters (shared by the page and its export)."""
    return {"status": params["status"] or None, "department_id": _int_or_none(params["department_id"]),
            "overdue": bool(params["overdue"]), "real_name": {"1": True, "0": False}.get(params["real_name"]),
            "escalation": params["escalation"] or None}


@router.get("")
def list_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.read")
    q = request.query_params
    params = {name: q.get(name, "") for name in LIST_PARAMS}
    today = clock.today()
    end = _date_or(q.get("end"), today)
    start = _date_or(q.get("start"), end.replace(day=1))
    error = None
    try:
        result = service.list_rectifications(db, actor=actor, today=today, page=_int_or_none(q.get("page")) or 1,
                                             **list_filters(params))
        rate = service.callback_rate(db, actor=actor, start=start, end=end,
                                     department_id=_int_or_none(params["department_id"]))
    except ValidationFailed as exc:
        error = exc.message
        result = service.list_rectifications(db, actor=actor, today=today)
        start, end = end.replace(day=1), end
        rate = service.callback_rate(db, actor=actor, start=start, end=end)

    def url(page: int) -> str:
        query = {k: v for k, v in {**params, "start": start.isoformat(), "end": end.isoformat()}.items() if v}
        return f"/rectifications?{urlencode({**query, 'page': page})}"

    pending_query = {"status": "pending", "real_name": "1"}
    if params["department_id"]:
        pending_query["department_id"] = params["department_id"]
    ctx = {
        **_common(db, actor), "page": result, "params": params, "rate": rate, "start": start, "end": end,
        "error": error, "flash": take_flash(request),
        "staff_names": _names(db, actor, Staff, [r.staff_id for r in result.items], "full_name"),
        "prev_url": url(result.page - 1) if result.page > 1 else None,
        "next_url": url(result.page + 1) if result.page < result.pages else None,
        "pending_url": f"/rectifications?{urlencode(pending_query)}",
        "can_settings": actor.can("rectification.settings"),
        "export_url": export_link(request, "/rectifications/export.xlsx", params),
    }
    return render(request, "rectification/list.html", ctx, actor=actor)


@router.get("/export.xlsx")
def list_export(request: Request, db: DbSession, actor: CurrentUser):
    """Every record the list's filters match, as XLSX."""
    actor.require("rectification.read")
    filters = list_filters({name: request.query_params.get(name, "") for name in LIST_PARAMS})
    names = {d.id: d.name for d in org.department_choices(db, actor=actor)}
    today = clock.today()
    return xlsx_download(request, db, actor=actor, what="rectifications", label="差评整改",
                         build=lambda session: exports.rectifications_sheet(
                             session, actor=actor, filters=filters, department_names=names, today=today))


def _names(db: Session, actor: Actor, model, ids, attribute: str = "name") -> dict[int, str]:
    return {i: getattr(obj, attribute) for i, obj in org.related(db, actor=actor, model=model, ids=ids).items()}


@router.get("/escalations")
def escalations_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.read")
    lists = service.escalations(db, actor=actor)
    staff_ids = [r.staff_id for _d, rs in lists.overdue_by_department for r in rs] + [r.staff_id for r in lists.director_list]
    ctx = {**_common(db, actor), "lists": lists, "staff_names": _names(db, actor, Staff, staff_ids, "full_name")}
    return render(request, "rectification/escalations.html", ctx, actor=actor)


def _alerts_open_only(request: Request) -> bool:
    return request.query_params.get("open_only") == "1"


@router.get("/alerts")
def alerts_page(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.read")
    open_only = _alerts_open_only(request)
    result = service.list_alerts(db, actor=actor, open_only=open_only,
                                 page=_int_or_none(request.query_params.get("page")) or 1)
    targets = {}
    for kind, model, attribute in (("department", Department, "name"), ("item", ServiceItem, "name"),
                                   ("staff", Staff, "full_name")):
        names = _names(db, actor, model, [a.target_id for a in result.items if a.target_kind == kind], attribute)
        targets.update({(kind, i): n for i, n in names.items()})
    ctx = {**_common(db, actor), "page": result, "targets": targets, "target_labels": service.TARGET_LABELS,
           "can_ack": actor.can("rectification.decide"), "flash": take_flash(request), "errors": {},
           "open_only": open_only, "export_url": export_link(request, "/rectifications/alerts/export.xlsx"),
           **_alert_pages(request, result)}
    return render(request, "rectification/alerts.html", ctx, actor=actor)


def _alert_pages(request: Request, result) -> dict:
    query = {"open_only": "1"} if _alerts_open_only(request) else {}

    def url(page: int) -> str:
        return f"/rectifications/alerts?{urlencode({**query, 'page': page})}"

    return {"prev_url": url(result.page - 1) if result.page > 1 else None,
            "next_url": url(result.page + 1) if result.page < result.pages else None}


@router.get("/alerts/export.xlsx")
def alerts_export(request: Request, db: DbSession, actor: CurrentUser):
    """Every concentration alert in scope (those not yet checked only, as on the page), as XLSX."""
    actor.require("rectification.read")
    open_only = _alerts_open_only(request)
    return xlsx_download(request, db, actor=actor, what="concentration_alerts", label="集中差评预警",
                         build=lambda session: exports.alerts_sheet(session, actor=actor, open_only=open_only))


@router.post("/alerts/{alert_id}/acknowledge")
async def acknowledge(alert_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    form = await request.form()
    try:
        service.acknowledge_alert(db, actor=actor, alert_id=alert_id, note=str(form.get("note", "")))
    except (ValidationFailed, Conflict) as exc:
        db.rollback()
        flash(request, exc.message)
        return RedirectResponse("/rectifications/alerts", status_code=303)
    flash(request, "已记录核查情况")
    return RedirectResponse("/rectifications/alerts", status_code=303)


def _settings_page(request: Request, db: Session, actor: Actor, *, values: dict, errors: dict | None = None,
                   error: str | None = None, status_code: int = 200):
    ctx = {"values": values, "errors": errors or {}, "error": error, "labels": SETTING_LABELS,
           "bounds": rules.SETTING_BOUNDS, "can_write": actor.can("rectification.settings"),
           "flash": take_flash(request)}
    return render(request, "rectification/settings.html", ctx, status_code=status_code, actor=actor)


@router.get("/settings")
def settings_page(request: Request, db: DbSession, actor: CurrentUser):
    row = service.get_settings(db, actor=actor)
    return _settings_page(request, db, actor, values={name: str(getattr(row, name)) for name in service.SETTING_FIELDS})


@router.post("/settings")
async def save_settings(request: Request, db: DbSession, actor: CurrentUser):
    actor.require("rectification.settings")
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in service.SETTING_FIELDS}
    try:
        service.update_settings(db, actor=actor, **values)
    except ValidationFailed as exc:
        db.rollback()
        return _settings_page(request, db, actor, values=values, errors={exc.field: exc.message}, error=exc.message,
                              status_code=422)
    flash(request, "已保存整改时限设置，此后新收到的差评按新时限计算")
    return RedirectResponse("/rectifications/settings", status_code=303)


def _rating_view(db: Session, actor: Actor, rect) -> dict:
    rating = ratings.get_rating(db, actor=actor, rating_id=rect.rating_id)
    show = actor.can("personal.read")
    return {
        "rating": rating,
        "level_label": LEVEL_LABELS.get(rating.level, str(rating.level)),
        "channel_label": CHANNEL_LABELS.get(rating.channel, rating.channel),
        "rater_name": rating.rater_name if show else mask_name(rating.rater_name),
        "rater_phone": rating.rater_phone if show else mask_phone(rating.rater_phone),
        "unmasked": show,
    }


def _detail_page(request: Request, db: Session, actor: Actor, rect, *, values: dict | None = None,
                 errors: dict | None = None, error: str | None = None, open_action: str = "",
                 status_code: int = 200):
    contacts = service.contacts(db, actor=actor, rect=rect)
    ctx = {
        **_common(db, actor), **_rating_view(db, actor, rect), "rect": rect,
        "status_label": STATUS_LABELS[Status(rect.status)], "path_label": PATH_LABELS.get(rect.path, rect.path),
        "actions": service.allowed_actions(rect, actor), "action_labels": {a.value: l for a, l in ACTION_LABELS.items()},
        "contacts": contacts,
        "timeline": service.timeline(db, actor=actor, rect=rect),
        "contact_methods": rules.CONTACT_METHODS, "callback_methods": rules.CALLBACK_METHODS,
        "levels": [(int(lv), label) for lv, label in LEVEL_LABELS.items()],
        "staff": org.related(db, actor=actor, model=Staff, ids=[rect.staff_id]).get(rect.staff_id),
        "window": org.related(db, actor=actor, model=Window, ids=[rect.window_id]).get(rect.window_id),
        "item": org.related(db, actor=actor, model=ServiceItem, ids=[rect.item_id]).get(rect.item_id),
        "staff_names": _names(db, actor, Staff, [c.by_id for c in contacts] + [rect.ledger_proposed_by_id,
                                                                            rect.ledger_set_by_id], "full_name"),
        "values": values or {}, "errors": errors or {}, "error": error, "open_action": open_action,
        "flash": take_flash(request),
        "callback_days": service.settings_for(db, center_id=rect.center_id).callback_days,
    }
    return render(request, "rectification/detail.html", ctx, status_code=status_code, actor=actor)


@router.get("/{rectification_id}")
def detail(rectification_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    rect = service.get_rectification(db, actor=actor, rectification_id=rectification_id)
    return _detail_page(request, db, actor, rect)


ACTION_FIELDS = {
    Action.CONTACT: ("method", "summary"),
    Action.SOLVE_ON_SPOT: ("measures",),
    Action.CONFIRM: ("problem",),
    Action.TO_LEDGER: ("ledger_due", "problem"),
    Action.PROPOSE_LEDGER: ("ledger_due", "problem"),
    Action.EXPLAIN: ("explanation",),
    Action.FEED_BACK: ("measures",),
    Action.CALLBACK: ("method", "level", "note"),
    Action.CLOSE: (),
    Action.APPEAL: ("reason",),
    Action.UPHOLD_APPEAL: ("reason",),
    Action.REJECT_APPEAL: ("reason",),
}

DONE_MESSAGES = {
    Action.CONTACT: "已记录联系情况", Action.SOLVE_ON_SPOT: "已记录当场解决", Action.CONFIRM: "已确认问题，进入整改",
    Action.TO_LEDGER: "已列入台账限期整改", Action.EXPLAIN: "已记录解释说明", Action.FEED_BACK: "已记录整改反馈",
    Action.CALLBACK: "已记录回访", Action.CLOSE: "已办结", Action.APPEAL: "已提交申诉，等待复核",
    Action.UPHOLD_APPEAL: "申诉成立，该差评不计入统计", Action.REJECT_APPEAL: "已驳回申诉，整改继续",
    Action.PROPOSE_LEDGER: "已提出台账整改期限建议，等待科室负责人或中心领导确定",
}


def _perform(db: Session, actor: Actor, rectification_id: int, action: Action, v: dict) -> None:
    rid = rectification_id
    if action is Action.CONTACT:
        service.log_contact(db, actor=actor, rectification_id=rid, method=v["method"], summary=v["summary"])
    elif action is Action.SOLVE_ON_SPOT:
        service.solve_on_spot(db, actor=actor, rectification_id=rid, measures=v["measures"])
    elif action is Action.CONFIRM:
        service.confirm_problem(db, actor=actor, rectification_id=rid, problem=v["problem"])
    elif action is Action.TO_LEDGER:
        service.to_ledger(db, actor=actor, rectification_id=rid, ledger_due=v["ledger_due"], problem=v["problem"])
    elif action is Action.PROPOSE_LEDGER:
        service.propose_ledger(db, actor=actor, rectification_id=rid, ledger_due=v["ledger_due"], problem=v["problem"])
    elif action is Action.EXPLAIN:
        service.explain(db, actor=actor, rectification_id=rid, explanation=v["explanation"])
    elif action is Action.FEED_BACK:
        service.feed_back(db, actor=actor, rectification_id=rid, measures=v["measures"])
    elif action is Action.CALLBACK:
        service.callback(db, actor=actor, rectification_id=rid, method=v["method"], level=v["level"], note=v["note"])
    elif action is Action.CLOSE:
        service.close(db, actor=actor, rectification_id=rid)
    elif action is Action.APPEAL:
        service.appeal(db, actor=actor, rectification_id=rid, reason=v["reason"])
    else:
        service.decide_appeal(db, actor=actor, rectification_id=rid, uphold=action is Action.UPHOLD_APPEAL,
                              reason=v["reason"])


@router.post("/{rectification_id}/act")
async def act(rectification_id: Id, request: Request, db: DbSession, actor: CurrentUser):
    rect = service.get_rectification(db, actor=actor, rectification_id=rectification_id)
    form = await request.form()
    try:
        action = Action(str(form.get("action", "")))
    except ValueError:
        raise ValidationFailed("未知的操作", field="action") from None
    values = {name: str(form.get(name, "")) for name in ACTION_FIELDS[action]}
    try:
        _perform(db, actor, rect.id, action, values)
    except (ValidationFailed, Conflict, Forbidden) as exc:
        db.rollback()
        rect = service.get_rectification(db, actor=actor, rectification_id=rectification_id)
        return _detail_page(request, db, actor, rect, values=values, errors={exc.field or "action": exc.message},
                            error=exc.message, open_action=action.value, status_code=exc.status_code)
    flash(request, DONE_MESSAGES[action])
    return RedirectResponse(f"/rectifications/{rect.id}", status_code=303)
