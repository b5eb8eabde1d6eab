"""The duplicates of a whole import at once: the answers `duplicates.Index` gives one complaint at a time.

Each new complaint is checked, in order of receipt, against the open complaints and the new ones before it that were
not duplicates themselves. The text similarities are what costs, so they come first, block by block (a phone; a unit
and topic): a chunk of new texts against every text of the chunk's period in one rapidfuzz cdist call, the pairs out
of period dropped with numpy. Then one pass in order keeps the candidates still in the index and takes the earliest,
on the same ties as Index.find (earlier receipt, then higher similarity, then the same person before the same matter,
then the one added first).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from xiaoneng.complaints.duplicates import (REASON_MATTER, REASON_PERSON, SAME_MATTER_SIMILARITY,
                                            SAME_PERSON_SIMILARITY, Match, Probe, _root, normalize)

CHUNK = 32  # new texts per cdist call: few enough that the period's texts around them are mostly the ones needed
WORKERS = -1  # cdist compares on every core, without the interpreter lock
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICRO = dt.timedelta(microseconds=1)
_PERSON, _MATTER = 0, 1


def find_many(existing: Sequence[Probe], probes: Sequence[Probe], period: dt.timedelta) -> list[Match | None]:
    """For each of `probes` (new complaints in order of receipt) the complaint it duplicates, or None: what adding
    `existing` to an Index and then finding and adding each probe that is not a duplicate would give."""
    entries = [*existing, *probes]
    first_new = len(existing)
    if not probes:
        return []
    texts = [normalize(p.text) for p in entries]
    micros = np.fromiter(((p.received_at - _EPOCH) // _MICRO for p in entries), dtype=np.int64, count=len(entries))
    # The order an Index keeps: by time; the open complaints before the new ones of the same time, each as added.
    index = np.arange(len(entries))
    order = np.lexsort((index, index >= first_new, micros))
    rank = np.empty(len(entries), dtype=np.int64)
    rank[order] = index
    units = np.fromiter((-1 if p.unit is None else p.unit for p in entries), dtype=np.int64, count=len(entries))
    by_phone: dict[str, list[int]] = defaultdict(list)
    by_unit: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in order.tolist():
        p = entries[i]
        if p.phone:
            by_phone[p.phone].append(i)
        if p.unit is not None:
            by_unit[(p.unit, p.topic)].append(i)
    scan = _Scan(texts, micros, rank, units, first_new, period // _MICRO)
    for block in by_phone.values():
        scan.block(block, _PERSON)
    for block in by_unit.values():
        scan.block(block, _MATTER)
    return _resolve(entries, probes, first_new, scan.candidates)


class _Scan:
    """The candidate pairs of every block: new entry → [(time, -similarity, kind, rank, entry)]."""

    def __init__(self, texts, micros, rank, units, first_new: int, period: int):
        self.texts, self.micros, self.rank, self.units = texts, micros, rank, units
        self.first_new, self.period = first_new, period
        self.candidates: dict[int, list[tuple]] = defaultdict(list)

    def block(self, members: list[int], kind: int) -> None:
        if len(members) < 2:
            return
        block = np.asarray(members, dtype=np.int64)  # in rank order
        times = self.micros[block]
        queries = np.flatnonzero(block >= self.first_new)
        if kind == _MATTER:  # an empty text is never compared on the matter
            queries = queries[[bool(self.texts[block[q]]) for q in queries.tolist()]]
        for start in range(0, len(queries), CHUNK):
            self._chunk(block, times, queries[start:start + CHUNK], kind)

    def _chunk(self, block: np.ndarray, times: np.ndarray, queries: np.ndarray, kind: int) -> None:
        lo = int(np.searchsorted(times, times[queries[0]] - self.period, side="left"))
        hi = int(queries[-1])  # the entries before the last query's: no later one is in the index yet
        if hi <= lo:
            return
        rows, cols = block[queries], block[lo:hi]
        texts = self.texts
        cutoff = SAME_MATTER_SIMILARITY if kind == _MATTER else None
        scores = process.cdist([texts[i] for i in rows.tolist()], [texts[i] for i in cols.tolist()],
                               scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float64, workers=WORKERS)
        r, c = rows[:, None], cols[None, :]
        keep = (self.rank[c] < self.rank[r]) & (self.micros[c] >= self.micros[r] - self.period)
        if kind == _MATTER:
            keep &= scores >= SAME_MATTER_SIMILARITY
        else:
            keep &= (scores >= SAME_PERSON_SIMILARITY) | ((self.units[r] >= 0) & (self.units[r] == self.units[c]))
        qi, ci = np.nonzero(keep)
        found = self.candidates
        for q, o, similarity in zip(rows[qi].tolist(), cols[ci].tolist(), scores[qi, ci].tolist()):
            found[q].append((int(self.micros[o]), -similarity, kind, int(self.rank[o]), o))


def _resolve(entries: list[Probe], probes: Sequence[Probe], first_new: int,
             candidates: dict[int, list[tuple]]) -> list[Match | None]:
    merged = [False] * len(entries)
    found: list[Match | None] = []
    for i in range(first_new, len(entries)):
        best = None
        for candidate in candidates.get(i, ()):
            other = candidate[4]
            if other >= first_new and merged[other]:
                continue  # a duplicate itself: never added to the index
            if candidate[2] == _MATTER and not _same_item(entries[i], entries[other]):
                continue
            if best is None or candidate[:4] < best[:4]:
                best = candidate
        if best is None:
            found.append(None)
            continue
        merged[i] = True
        found.append(Match(_root(entries[best[4]]), REASON_MATTER if best[2] == _MATTER else REASON_PERSON,
                           -best[1]))
    return found


def _same_item(probe: Probe, other: Probe) -> bool:
    return probe.item is None or other.item is None or probe.item == other.item
