"""A hash table of 64-bit keys in numpy arrays, looked up a whole batch at a time: the vocabulary of n-grams a model
knows, where a sorted array's binary search would cost twenty dependent reads a key. Open addressing with linear
probing, at most half full, so a key is found in one or two reads."""

from __future__ import annotations

import numpy as np

_EMPTY = -1  # no key: n-gram keys are never negative
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply and keep the top bits


class KeyTable:
    def __init__(self, keys: np.ndarray):
        """`keys` unique and non-negative; a key's value is its position in `keys`."""
        bits = max(4, int(np.ceil(np.log2(max(1, len(keys)) * 2))))
        self.mask = (1 << bits) - 1
        self.shift = np.uint64(64 - bits)
        self.keys = np.full(1 << bits, _EMPTY, dtype=np.int64)
        self.values = np.full(1 << bits, -1, dtype=np.int32)
        pending = np.arange(len(keys))
        slot = self._slot(keys)
        while len(pending):
            free = self.keys[slot] == _EMPTY
            taken, first = np.unique(slot[free], return_index=True)
            winners = pending[free][first]
            self.keys[taken] = keys[winners]
            self.values[taken] = winners
            placed = np.zeros(len(pending), dtype=bool)
            placed[np.flatnonzero(free)[first]] = True
            pending, slot = pending[~placed], (slot[~placed] + 1) & self.mask

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * _GOLDEN) >> self.shift).astype(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Each key's value, -1 for a key not in the table."""
        found = np.full(len(keys), -1, dtype=np.int32)
        todo = np.arange(len(keys))
        slot = self._slot(keys)
        while len(todo):
            there = self.keys[slot]
            match = there == keys[todo]
            found[todo[match]] = self.values[slot[match]]
            going_on = ~(match | (there == _EMPTY))
            todo, slot = todo[going_on], (slot[going_on] + 1) & self.mask
        return found
