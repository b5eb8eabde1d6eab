"""A center's classification context: the suggester over its departments, and the names of its staff, windows and
items that a text may mention. Built once per request or import, then applied to each text."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy.orm import Session

from xiaoneng.complaints import classify
from xiaoneng.items import service as items
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org


class Sorted(NamedTuple):  # a tuple: an import sorts a hundred thousand texts
    topic: str
    suggested_department_id: int | None
    score: float
    evidence: list  # [[start, end, term], …]
    staff_id: int | None
    window_id: int | None
    item_id: int | None


class Sorter:
    def __init__(self, session: Session, center_id: int):
        reader = system_actor(center_id)
        departments = [d for d in org.department_choices(session, actor=reader) if d.active]
        self.department_ids = {d.code: d.id for d in departments}
        self.departments = {d.id: d for d in departments}
        item_rows = _every_item(session, reader)
        by_department: dict[int, list[str]] = {}
        for item in item_rows:
            by_department.setdefault(item.department_id, []).append(item.name)
        terms = [classify.department_terms(d.code, d.name, by_department.get(d.id, ())) for d in departments]
        self.suggester = classify.suggester(terms, center_id)
        staff = org.staff_choices(session, center_id=center_id)
        self.staff_department = {s.id: s.department_id for s in staff}
        self.staff = classify.Namer({s.full_name: s.id for s in staff})
        self.windows = classify.Namer({w.name: w.id for w in org.window_choices(session, actor=reader) if w.active})
        self.items = classify.Namer({i.name: i.id for i in item_rows})
        self.item_department = {i.id: i.department_id for i in item_rows}

    def sort(self, text: str) -> Sorted:
        return self._sort(text, self.suggester.suggest(text))

    def sort_many(self, texts: list[str]) -> list[Sorted]:
        """sort() of each text; a suggester that reads many texts at once (`suggest_many`) is given them all."""
        many = getattr(self.suggester, "suggest_many", None)
        suggestions = many(texts) if many is not None else [self.suggester.suggest(t) for t in texts]
        return [self._sort(t, s) for t, s in zip(texts, suggestions)]

    def _sort(self, text: str, suggestion: classify.Suggestion) -> Sorted:
        staff_id, staff_span = self.staff.find(text)
        window_id, window_span = self.windows.find(text)
        item_id, item_span = self.items.find(text)
        department_id = self.department_ids.get(suggestion.department_code) if suggestion.department_code else None
        if department_id is None and item_id is not None:
            department_id = self.item_department.get(item_id)
        if department_id is None and staff_id is not None:
            department_id = self.staff_department.get(staff_id)
        spans = list(suggestion.spans) + [s for s in (staff_span, window_span, item_span) if s is not None]
        spans.sort(key=_start)
        return Sorted(suggestion.topic, department_id, suggestion.score, [list(s) for s in spans],
                      staff_id, window_id, item_id)


def _start(span) -> int:
    return span[0]


def _every_item(session: Session, reader) -> list:
    found, page = [], 1
    while True:
        result = items.list_items(session, actor=reader, page=page, per_page=200)
        found += result.items
        if page >= result.pages:
            return found
        page += 1
