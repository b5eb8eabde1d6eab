"""The ordered sections of a report, and the hook through which another domain adds its own.

    from xiaoneng.reports import sections
    sections.register("hotspots", "热点与预警", build)      # in wiring.py, at start-up

`build(session, center_id, period) -> shapes.Section | None` reads the period (`rules.Period`: kind "month" or
"year", start, end, key, label) of the center and returns a Section (see shapes.py for the shape: sentences,
metrics, tables, charts); None leaves the section out. A section registered under a key already taken replaces
it; `after` places it after the section of that key (at the end when absent)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xiaoneng.reports import sections_cases, sections_more
from xiaoneng.reports.shapes import Section

Builder = Callable[..., Section | None]


@dataclass(frozen=True)
class Entry:
    key: str
    title: str
    build: Builder


BUILT_IN = [
    Entry("cases", "总体运行情况", sections_cases.build_cases),
    Entry("ratings", "满意度分析", sections_cases.build_ratings),
    Entry("loop", "差评整改情况", sections_more.build_loop),
    Entry("complaints", "投诉处理情况", sections_more.build_complaints),
    Entry("inspections", "巡查情况", sections_more.build_inspections),
    Entry("attendance", "考勤情况", sections_more.build_attendance),
    Entry("breaches", "工作制度落实情况", sections_more.build_breaches),
]
_entries: list[Entry] = list(BUILT_IN)


def register(key: str, title: str, build: Builder, *, after: str | None = None) -> None:
    entry = Entry(key, title, build)
    for n, old in enumerate(_entries):
        if old.key == key:
            _entries[n] = entry
            return
    keys = [e.key for e in _entries]
    _entries.insert(keys.index(after) + 1 if after in keys else len(_entries), entry)


def unregister(key: str) -> None:
    _entries[:] = [e for e in _entries if e.key != key]


def entries() -> list[Entry]:
    return list(_entries)
