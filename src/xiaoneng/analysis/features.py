"""The TF-IDF blocks a model reads, side by side in one matrix: word 1-2-grams, the opening words again (a message's
subject comes first and says most about its department), character n-grams inside words, or for characters-only
tasks the text's own character n-grams. Each feature knows its block, so evidence can map it back to the text.

The n-grams are counted with numpy over a whole batch at once, not text by text: a character n-gram is its code
points packed into one 64-bit integer (21 bits each, up to three), a word n-gram its words' vocabulary numbers, and
the vocabulary a sorted array searched in C. Each block is weighed as scikit-learn's TfidfVectorizer does
(sublinear tf, smoothed idf, rows of unit length), which is what the models were tuned with."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np
from scipy import sparse

from xiaoneng.analysis.lookup import KeyTable
from xiaoneng.analysis.tasks import TaskSpec
from xiaoneng.analysis.text import Doc, fold

WORDS, OPENING, CHARS_IN_WORDS, CHARS = "words", "opening", "chars_in_words", "chars"
# Below this many texts every character n-gram is kept: dropping those seen once costs a small set most of its words.
MIN_DF_FROM_ROWS = 1000
_BITS = 21  # every code point fits (U+10FFFF < 2**21); stored plus one, so that 0 means "no character"
_SEPARATOR = "\x00"  # between the texts of a batch; no n-gram spans it
_SPACE = ord(" ") + 1
_WHITESPACE = re.compile(r"\s+")


def _tfidf(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int, idf: np.ndarray) -> sparse.csr_matrix:
    """Counts of (row, column) pairs as sublinear tf times idf, each row scaled to unit length."""
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(n_rows, n_columns))
    counts.sum_duplicates()
    counts.data = (1.0 + np.log(counts.data)) * idf[counts.indices]
    lengths = np.diff(counts.indptr)
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n_rows), lengths), weights=counts.data ** 2, minlength=n_rows))
    norms[norms == 0] = 1.0
    counts.data /= np.repeat(norms, lengths).astype(np.float32)
    return counts


def _df(rows: np.ndarray, columns: np.ndarray, n_columns: int) -> np.ndarray:
    """In how many texts each column occurs."""
    pairs = np.unique(rows.astype(np.int64) * n_columns + columns)
    return np.bincount(pairs % n_columns, minlength=n_columns)


class _Tables:
    """Hash tables over a block's sorted key arrays, built on first use and never stored (the keys are)."""

    def __init__(self):
        self._tables: dict[int, KeyTable] = {}

    def columns(self, number: int, vocabulary: np.ndarray, keys: np.ndarray) -> np.ndarray:
        table = self._tables.get(number)
        if table is None:
            table = self._tables[number] = KeyTable(vocabulary)
        return table.find(keys)

    def __getstate__(self):
        return {"_tables": {}}


def _idf(rows: np.ndarray, columns: np.ndarray, n_rows: int, n_columns: int) -> np.ndarray:
    df = _df(rows, columns, n_columns)
    return (np.log((1.0 + n_rows) / (1.0 + df)) + 1.0).astype(np.float32)


@dataclass
class WordBlock:
    """Word n-grams of the kept words (all of them, or the first `limit`), every n-gram of the training texts."""

    kind: str
    ngrams: tuple[int, int]
    limit: int = 0
    weight: float = 1.0
    index: dict[str, int] = field(default_factory=dict)
    words: list[str] = field(default_factory=list)
    keys: list[np.ndarray] = field(default_factory=list)  # per n from 2: sorted packed word numbers
    idf: np.ndarray | None = None
    tables: _Tables = field(default_factory=_Tables)

    def _ids(self, docs: Sequence[Doc], grow: bool) -> tuple[np.ndarray, np.ndarray]:
        chosen = [d.words[:self.limit] if self.limit else d.words for d in docs]
        if grow:
            for words in chosen:
                for w in words:
                    if w not in self.index:
                        self.index[w] = len(self.index)
                        self.words.append(w)
        flat = list(chain.from_iterable(chosen))
        ids = np.fromiter(map(self.index.get, flat, repeat(-1, len(flat))), dtype=np.int64, count=len(flat))
        rows = np.repeat(np.arange(len(docs)), [len(w) for w in chosen])
        return ids, rows

    def _grams(self, ids: np.ndarray, rows: np.ndarray, fit: bool) -> tuple[np.ndarray, np.ndarray]:
        size = len(self.index)
        found_rows, found_columns = [], []
        if self.ngrams[0] == 1:
            known = ids >= 0
            found_rows.append(rows[known])
            found_columns.append(ids[known])
        offset = size
        for n in range(max(2, self.ngrams[0]), self.ngrams[1] + 1):
            if len(ids) < n:
                if fit:
                    self.keys.append(np.zeros(0, dtype=np.int64))
                offset += len(self.keys[n - 2])
                continue
            span = len(ids) - n + 1
            valid = rows[:span] == rows[n - 1:]
            key = np.zeros(span, dtype=np.int64)
            for k in range(n):
                part = ids[k:k + span]
                valid &= part >= 0
                key = key * size + part
            key, gram_rows = key[valid], rows[:span][valid]
            if fit:
                self.keys.append(np.unique(key))
            vocabulary = self.keys[n - 2]
            at = self.tables.columns(n, vocabulary, key)
            hit = at >= 0
            found_rows.append(gram_rows[hit])
            found_columns.append(at[hit] + offset)
            offset += len(vocabulary)
        return np.concatenate(found_rows), np.concatenate(found_columns)

    @property
    def size(self) -> int:
        return (len(self.index) if self.ngrams[0] == 1 else 0) + sum(len(k) for k in self.keys)

    def fit_transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        ids, rows = self._ids(docs, grow=True)
        rows, columns = self._grams(ids, rows, fit=True)
        self.idf = _idf(rows, columns, len(docs), self.size)
        return _tfidf(rows, columns, len(docs), self.size, self.idf)

    def transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        ids, rows = self._ids(docs, grow=False)
        rows, columns = self._grams(ids, rows, fit=False)
        return _tfidf(rows, columns, len(docs), self.size, self.idf)

    def name(self, column: int) -> str:
        if self.ngrams[0] == 1 and column < len(self.index):
            return self.words[column]
        column -= len(self.index) if self.ngrams[0] == 1 else 0
        size = len(self.index)
        for n, keys in enumerate(self.keys, start=2):
            if column < len(keys):
                key, parts = int(keys[column]), []
                for _ in range(n):
                    key, part = divmod(key, size)
                    parts.append(self.words[part])
                return " ".join(reversed(parts))
            column -= len(keys)
        raise IndexError(column)


@dataclass
class CharBlock:
    """Character n-grams: of the words (`inside_words`: each word padded with a space, no n-gram across words, as
    TfidfVectorizer's char_wb) or of the text as written (folded, runs of white space as one space)."""

    kind: str
    ngrams: tuple[int, int]
    min_df: int = 1
    weight: float = 1.0
    keys: np.ndarray | None = None  # sorted packed n-grams
    idf: np.ndarray | None = None
    tables: _Tables = field(default_factory=_Tables)

    def _codes(self, docs: Sequence[Doc]) -> np.ndarray:
        if self.kind == CHARS_IN_WORDS:
            texts = [" " + " ".join(d.words) + " " for d in docs]
        else:
            texts = [_WHITESPACE.sub(" ", fold(d.text)) for d in docs]
        joined = _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in texts)
        return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1

    def _grams(self, docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray]:
        codes = self._codes(docs)
        separator = codes == ord(_SEPARATOR) + 1
        rows = np.cumsum(separator)
        keys, key_rows = [], []
        for n in range(self.ngrams[0], self.ngrams[1] + 1):
            span = len(codes) - n + 1
            if span <= 0:
                continue
            valid = ~separator[:span]
            key = np.zeros(span, dtype=np.int64)
            for k in range(n):
                if k:
                    valid &= ~separator[k:k + span]
                key = (key << _BITS) | codes[k:k + span]
            if n == 1 or self.kind == CHARS_IN_WORDS:
                # No lone space; inside words, no n-gram with a space within it (at its ends is the padding).
                for k in range(n):
                    if n == 1 or 0 < k < n - 1:
                        valid &= codes[k:k + span] != _SPACE
            keys.append(key[valid])
            key_rows.append(rows[:span][valid])
        if not keys:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(keys), np.concatenate(key_rows)

    def fit_transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        keys, rows = self._grams(docs)
        unique, columns = np.unique(keys, return_inverse=True)
        if self.min_df > 1:
            unique = unique[_df(rows, columns, len(unique)) >= self.min_df]
        self.keys = unique
        return self._transform(keys, rows, len(docs), fit=True)

    def _transform(self, keys: np.ndarray, rows: np.ndarray, n_rows: int, fit: bool = False) -> sparse.csr_matrix:
        at = self.tables.columns(0, self.keys, keys)
        hit = at >= 0
        rows, columns = rows[hit], at[hit]
        if fit:
            self.idf = _idf(rows, columns, n_rows, len(self.keys))
        return _tfidf(rows, columns, n_rows, len(self.keys), self.idf)

    def transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        keys, rows = self._grams(docs)
        return self._transform(keys, rows, len(docs))

    @property
    def size(self) -> int:
        return len(self.keys)

    def name(self, column: int) -> str:
        key, chars = int(self.keys[column]), []
        while key:
            chars.append(chr((key & ((1 << _BITS) - 1)) - 1))
            key >>= _BITS
        return "".join(reversed(chars))


class Features:
    def __init__(self, task: TaskSpec, rows: int):
        self.task = task
        min_df = task.char_min_df if rows >= MIN_DF_FROM_ROWS else 1
        if not task.words:
            self.blocks = [CharBlock(CHARS, task.char_ngrams, min_df)]
        else:
            self.blocks = [WordBlock(WORDS, task.word_ngrams)]
            if task.opening_words:
                self.blocks.append(WordBlock(OPENING, (1, 1), limit=task.opening_words, weight=task.opening_weight))
            self.blocks.append(CharBlock(CHARS_IN_WORDS, task.char_ngrams, min_df))
        self._starts: np.ndarray | None = None

    def _matrix(self, docs: Sequence[Doc], fit: bool) -> sparse.csr_matrix:
        parts = []
        for block in self.blocks:
            part = block.fit_transform(docs) if fit else block.transform(docs)
            parts.append(part * block.weight if block.weight != 1.0 else part)
        self._starts = None
        return sparse.hstack(parts, format="csr")

    def fit_transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self._matrix(docs, fit=True)

    def transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self._matrix(docs, fit=False)

    def locate(self, feature: int) -> tuple[str, str]:
        """(block kind, n-gram) of a column of the matrix."""
        if self._starts is None:
            self._starts = np.cumsum([0] + [b.size for b in self.blocks])
        block = int(np.searchsorted(self._starts, feature, side="right")) - 1
        return self.blocks[block].kind, self.blocks[block].name(feature - int(self._starts[block]))
