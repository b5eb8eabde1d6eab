"""Pausing Python's cyclic garbage collector around bulk work.

An import of a hundred thousand rows makes millions of small tuples, lists and dicts and keeps most of them to the
end: each of the collector's passes walks that growing heap again and finds nothing to free (measured: half the time
of classifying 100,000 texts). Paused, memory is freed by reference counting as usual; cycles wait for the resume.
The pause is process-wide, so overlapping pauses (two imports in two threads) are counted: the last one out resumes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_resume = False


@contextmanager
def paused() -> Iterator[None]:
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
