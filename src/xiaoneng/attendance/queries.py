"""The spot checks as a list (filtered by department, dates, result and key time, sorted, paged) and one by one;
scoped: a head their department's, a window clerk those that list them, with their own entry only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import Session

from xiaoneng.attendance import repository as repo
from xiaoneng.attendance import rules
from xiaoneng.attendance.models import SpotCheck, SpotCheckEntry
from xiaoneng.auth.rules import Role
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.edits import actor_center_id, record_id
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor

RESULTS = {"absent": "有人不在岗", "present": "全部在岗"}
SORTS = {"day": (SpotCheck.day, SpotCheck.time), "key_time": (SpotCheck.key_time, SpotCheck.day),
         "expected": (SpotCheck.expected,), "absent": (SpotCheck.absent,)}


@dataclass(frozen=True)
class Filters:
    department_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    result: str = ""
    key_time: str = ""
    sort: str = "day"
    descending: bool = True


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("attendance.read")
    if f.result and f.result not in RESULTS:
        raise ValidationFailed("抽检结果不正确", field="result")
    if f.key_time and f.key_time not in set(rules.KeyTime):
        raise ValidationFailed("关键时段不正确", field="key_time")
    if f.sort not in SORTS:
        raise ValidationFailed("排序字段不正确", field="sort")
    if f.start and f.end and f.end < f.start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end")
    department = actor.department_id if actor.department_scoped else f.department_id
    if actor.department_scoped and department is None:
        department = -1  # a department-scoped account without a department sees nothing
    return repo.spot_checks(center_id=actor_center_id(actor), department_id=department,
                            staff_id=actor.user_id if actor.role == Role.WINDOW_STAFF else None, start=f.start,
                            end=f.end, result=f.result, key_time=f.key_time, sort=SORTS[f.sort],
                            descending=f.descending)


def list_spot_checks(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                     per_page: int = 20) -> Page[SpotCheck]:
    return paginate(session, _statement(actor, filters), page=page, per_page=per_page)


def all_spot_checks(session: Session, *, actor: Actor, filters: Filters, size: int = 500):
    """Every matching check with its entries the actor may see, a chunk at a time (the XLSX export)."""
    stmt = _statement(actor, filters)
    offset = 0
    while True:
        chunk = list(session.scalars(stmt.limit(size).offset(offset)))
        if not chunk:
            return
        entries = repo.entries_of(session, [c.id for c in chunk])
        for check in chunk:
            yield check, visible_entries(actor, entries.get(check.id, []))
        offset += size


def visible_entries(actor: Actor, entries: list[SpotCheckEntry]) -> list[SpotCheckEntry]:
    if actor.role == Role.WINDOW_STAFF:
        return [e for e in entries if e.staff_id == actor.user_id]
    return entries


def get_spot_check(session: Session, *, actor: Actor, check_id) -> tuple[SpotCheck, list[SpotCheckEntry]]:
    """One check with the entries the actor may see: all of them, or a window clerk's own."""
    actor.require("attendance.read")
    check = session.get(SpotCheck, record_id(check_id))
    if check is None or (not actor.is_system and check.center_id != actor.center_id):
        raise NotFound()
    entries = visible_entries(actor, repo.entries_of(session, [check.id]).get(check.id, []))
    if actor.role == Role.WINDOW_STAFF and not entries:
        raise NotFound()
    if actor.role != Role.WINDOW_STAFF and actor.department_scoped and check.department_id != actor.department_id:
        raise NotFound()
    return check, entries
