"""A small time-limited cache for what a long-running writer reads over and over (windows, settings, calendars)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

MISSING = object()


class TtlCache:
    """Values kept for `ttl` seconds. Hold plain values only, never ORM objects, so that a rolled-back transaction
    cannot leave expired records behind; whoever holds the cache accepts changes being seen `ttl` seconds late."""

    def __init__(self, ttl: float = 10.0, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000):
        self.ttl, self._clock, self._max = ttl, clock, max_entries
        self._entries: dict[tuple, tuple[float, Any]] = {}

    def get(self, key: tuple):
        """The value, or MISSING if absent or expired."""
        entry = self._entries.get(key)
        if entry is None or entry[0] < self._clock():
            return MISSING
        return entry[1]

    def put(self, key: tuple, value):
        if len(self._entries) > self._max:
            self._entries.clear()
        self._entries[key] = (self._clock() + self.ttl, value)
        return value

    def fetch(self, key: tuple, load: Callable[[], Any]):
        """The kept value, or `load()` kept from now on (an exception from `load` keeps nothing)."""
        found = self.get(key)
        return self.put(key, load()) if found is MISSING else found

