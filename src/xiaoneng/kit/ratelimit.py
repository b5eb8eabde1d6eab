"""A per-client sliding-window limiter for the public endpoints (K4): rating pages, disclosure, public API."""

from __future__ import annotations

import threading
import time
from collections import deque

from xiaoneng.errors import TooManyRequests


class RateLimiter:
    """At most `limit` hits per `window` seconds for each key. In-process: each server process limits on its own."""

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic):
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one request for `key`; raise TooManyRequests when over the limit."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                raise TooManyRequests()
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients rather than grow without bound
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.window}
