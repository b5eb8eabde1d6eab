"""The supervisors' breach list (违规督查, SPEC B4: the overdue lists per department and center): every duty domain
hands its breaches of a period as kit.breaches.Breach, and this list gathers them, knowing none of their tables.

A source is `breaches(session, *, actor, start, end) -> list[Breach]`, scoped to the actor; SOURCES names them,
one line each, resolved when the list is read (so a domain is imported only by whoever reads its breaches).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.edits import check_period
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet

SOURCES: tuple[str, ...] = (
    "xiaoneng.supervision.card_breaches:breaches",  # 黄牌 and 红牌: steps and cases over their time
    "xiaoneng.inquiries.queries:breaches",  # referrals not signed for or not answered in time
    "xiaoneng.conduct.breaches:breaches",  # forbidden phrases found, not dismissed
    "xiaoneng.notices.violations:breaches",  # a second notice asking for new materials (一次性告知违规)
    "xiaoneng.attendance.breaches:breaches",  # absent at a key time, by spot check or punches
    "xiaoneng.duty.breaches:breaches",  # leave refused for an empty post, handovers not confirmed in time
    "xiaoneng.complaints.breaches:breaches",  # complaints not signed for or answered in time
    "xiaoneng.inspections.breaches:breaches",  # inspection findings overdue or answered late
)
MAX_DAYS = 366
SORTS = {"day": lambda b: (b.day, b.kind), "kind": lambda b: (b.kind_label, b.day),
         "department": lambda b: (b.department_name, b.day), "staff": lambda b: (b.staff_name, b.day)}

BreachSource = Callable[..., list[Breach]]


def source(target: str) -> BreachSource:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str = ""
    department_id: int | None = None
    staff_id: int | None = None
    q: str = ""
    sort: str = "day"
    descending: bool = True


@dataclass(frozen=True)
class BreachList:
    rows: list[Breach]
    kinds: dict[str, str]  # every kind found in the period (the filter's choices), code → label
    by_kind: list[tuple[str, int]]  # label, count, most first
    by_department: list[tuple[str, int]]
    start: dt.date
    end: dt.date


def gather(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    """Every source's breaches of [start, end] for the actor (supervisors and directors the center, department
    heads their department)."""
    actor.require("supervision.read")
    found: list[Breach] = []
    for target in SOURCES:
        found += source(target)(session, actor=actor, start=start, end=end)
    return found


def gather_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> Counter:
    """{(day, kind label, department name): breaches} of [start, end] over every source: counted in the database by a
    source that has a `breach_counts` beside its `breaches` (those with many rows), else from its list."""
    actor.require("supervision.read")
    found: Counter = Counter()
    for target in SOURCES:
        module, _, name = target.partition(":")
        counter = getattr(importlib.import_module(module), "breach_counts", None)
        if counter is not None:
            found += counter(session, actor=actor, start=start, end=end)
        else:
            found += Counter((b.day, b.kind_label, b.department_name) for b in source(target)(session, actor=actor,
                                                                                       start=start, end=end))
    return found


def _matches(b: Breach, f: Filters) -> bool:
    if f.kind and b.kind != f.kind:
        return False
    if f.department_id and b.department_id != f.department_id:
        return False
    if f.staff_id and b.staff_id != f.staff_id:
        return False
    text = f.q.strip().lower()
    return not text or any(text in part.lower() for part in (b.summary, b.staff_name, b.department_name,
                                                             b.kind_label))


def breach_list(session: Session, *, actor: Actor, filters: Filters) -> BreachList:
    start, end = check_period(filters.start, filters.end, max_days=MAX_DAYS,
                              too_long=f"统计期间不能超过 {MAX_DAYS} 天")
    if filters.sort not in SORTS:
        raise ValidationFailed("排序字段不正确", field="sort")
    found = gather(session, actor=actor, start=start, end=end)
    kinds = dict(sorted({b.kind: b.kind_label for b in found}.items(), key=lambda kv: kv[1]))
    # A kind without breaches in the period filters to an empty list; only a malformed code is refused.
    if filters.kind and not (filters.kind.isascii() and filters.kind.isidentifier()):
        raise ValidationFailed("违规类别不正确", field="kind")
    rows = sorted((b for b in found if _matches(b, filters)), key=SORTS[filters.sort], reverse=filters.descending)
    by_kind = Counter(b.kind_label for b in rows).most_common()
    by_department = Counter(b.department_name or "未分科室" for b in rows).most_common()
    return BreachList(rows=rows, kinds=kinds, by_kind=by_kind, by_department=by_department, start=start, end=end)


def sheet(found: BreachList, *, title: str) -> Sheet:
    columns = [Column("日期", "date"), Column("类别", width=16), Column("科室", width=16), Column("人员"),
               Column("情况", width=60)]
    rows = ([b.day, b.kind_label, b.department_name, b.staff_name, b.summary] for b in found.rows)
    return Sheet(name="违规督查", title=title, columns=columns, rows=rows)
