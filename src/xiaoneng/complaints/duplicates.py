"""Duplicates: the same person or the same matter within a center's period (default 30 days).

Same person: the same phone, about the same unit or in much the same words (similarity 60 of 100). Same matter:
about the same unit (or the same item) in nearly the same words (similarity 85), whoever wrote it. The earlier
open complaint is the one a duplicate is merged into. Texts are compared by rapidfuzz's normalised Indel
similarity after punctuation and spaces are dropped; candidates are blocked by phone and by unit and topic (texts
that alike share their keywords). `Index` checks one complaint at a time; `duplicate_scan.find_many` gives the same
answers for a whole import, each block's texts compared in rapidfuzz's cdist, so a year of 12345 work orders is
checked in seconds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

SAME_PERSON_SIMILARITY = 60.0
SAME_MATTER_SIMILARITY = 85.0
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
REASON_PERSON, REASON_MATTER = "同一诉求人反映同一问题", "同一事项重复反映"


def normalize(text: str) -> str:
    return _NOISE.sub("", text or "")


def phone_key(phone: str) -> str:
    """A phone that identifies a person: digits only, none when masked (138****0000) or too short."""
    digits = re.sub(r"\D", "", phone or "")
    return digits if len(digits) >= 7 and "*" not in (phone or "") else ""


@dataclass
class Probe:
    """What a complaint is compared on."""
    key: int  # an id, or the row's index in an import
    received_at: dt.datetime
    phone: str
    unit: int | None  # the department concerned (assigned, else suggested)
    item: int | None
    text: str
    topic: str = ""  # the same matter speaks of the same topic: candidates are blocked by unit and topic
    root: int | None = None  # the complaint it is merged into, if any


@dataclass(frozen=True)
class Match:
    key: int
    reason: str
    similarity: float


class _Block:
    """Probes of one phone or one unit, kept in order of receipt so a period is one slice."""

    def __init__(self):
        self.times: list[dt.datetime] = []
        self.texts: list[str] = []
        self.probes: list[Probe] = []

    def add(self, probe: Probe) -> None:
        at = bisect.bisect_right(self.times, probe.received_at)
        self.times.insert(at, probe.received_at)
        self.texts.insert(at, probe.text)
        self.probes.insert(at, probe)

    def window(self, since: dt.datetime, until: dt.datetime) -> tuple[int, int]:
        return bisect.bisect_left(self.times, since), bisect.bisect_right(self.times, until)


class Index:
    """Open complaints of one center, blocked by phone and by unit, that new ones are checked against."""

    def __init__(self, period: dt.timedelta):
        self.period = period
        self.by_phone: dict[str, _Block] = defaultdict(_Block)
        self.by_unit: dict[tuple[int, str], _Block] = defaultdict(_Block)

    def add(self, probe: Probe) -> None:
        probe.text = normalize(probe.text)
        if probe.phone:
            self.by_phone[probe.phone].add(probe)
        if probe.unit is not None:
            self.by_unit[(probe.unit, probe.topic)].add(probe)

    def find(self, probe: Probe) -> Match | None:
        """The earliest open complaint `probe` duplicates, or None."""
        text = normalize(probe.text)
        since = probe.received_at - self.period
        found: list[tuple[dt.datetime, Match]] = []
        person = self.by_phone.get(probe.phone) if probe.phone else None
        if person is not None:
            lo, hi = person.window(since, probe.received_at)
            for other in person.probes[lo:hi]:
                similarity = fuzz.ratio(text, other.text)
                same_unit = probe.unit is not None and probe.unit == other.unit
                if same_unit or similarity >= SAME_PERSON_SIMILARITY:
                    found.append((other.received_at, Match(_root(other), REASON_PERSON, similarity)))
        unit = self.by_unit.get((probe.unit, probe.topic)) if probe.unit is not None and text else None
        if unit is not None:
            lo, hi = unit.window(since, probe.received_at)
            if hi > lo:
                hits = process.extract(text, unit.texts[lo:hi], scorer=fuzz.ratio,
                                       score_cutoff=SAME_MATTER_SIMILARITY, limit=None)
                for _, similarity, i in hits:
                    other = unit.probes[lo + i]
                    if probe.item is None or other.item is None or probe.item == other.item:
                        found.append((other.received_at, Match(_root(other), REASON_MATTER, similarity)))
        if not found:
            return None
        return min(found, key=lambda f: (f[0], -f[1].similarity))[1]


def _root(probe: Probe) -> int:
    return probe.root if probe.root is not None else probe.key
