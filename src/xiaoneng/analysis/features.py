"""The TF-IDF blocks a model reads, side by side in one matrix: word 1-2-grams, the opening words again (a message's
subject comes first and says most about its department), character n-grams inside words, or for characters-only
tasks the text's own character n-grams. Each feature knows its block, so evidence can map it back to the text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from xiaoneng.analysis.tasks import TaskSpec
from xiaoneng.analysis.text import Doc, fold

WORDS, OPENING, CHARS_IN_WORDS, CHARS = "words", "opening", "chars_in_words", "chars"
# Below this many texts every character n-gram is kept: dropping those seen once costs a small set most of its words.
MIN_DF_FROM_ROWS = 1000


@dataclass
class Block:
    kind: str
    vectorizer: TfidfVectorizer
    weight: float = 1.0


def _words(ngrams: tuple[int, int]) -> TfidfVectorizer:
    return TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=ngrams,
                           sublinear_tf=True, dtype=np.float32)


def _chars(analyzer: str, ngrams: tuple[int, int], min_df: int) -> TfidfVectorizer:
    # char_wb: n-grams inside words only (padded with a space at each end), so each maps back to one word.
    return TfidfVectorizer(analyzer=analyzer, lowercase=False, ngram_range=ngrams, min_df=min_df, sublinear_tf=True,
                           dtype=np.float32)


class Features:
    def __init__(self, task: TaskSpec, rows: int):
        self.task = task
        min_df = task.char_min_df if rows >= MIN_DF_FROM_ROWS else 1
        if not task.words:
            self.blocks = [Block(CHARS, _chars("char", task.char_ngrams, min_df))]
        else:
            self.blocks = [Block(WORDS, _words(task.word_ngrams))]
            if task.opening_words:
                self.blocks.append(Block(OPENING, _words((1, 1)), task.opening_weight))
            self.blocks.append(Block(CHARS_IN_WORDS, _chars("char_wb", task.char_ngrams, min_df)))
        self._names: list[np.ndarray] | None = None
        self._starts: np.ndarray | None = None

    def _input(self, kind: str, doc: Doc) -> str:
        if kind == CHARS:
            return fold(doc.text)
        if kind == OPENING:
            return " ".join(doc.words[:self.task.opening_words])
        return doc.joined()

    def _matrix(self, docs: Sequence[Doc], fit: bool) -> sparse.csr_matrix:
        parts = []
        for block in self.blocks:
            inputs = [self._input(block.kind, d) for d in docs]
            part = block.vectorizer.fit_transform(inputs) if fit else block.vectorizer.transform(inputs)
            parts.append(part * block.weight if block.weight != 1.0 else part)
        return sparse.hstack(parts).tocsr()

    def fit_transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self._matrix(docs, fit=True)

    def transform(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self._matrix(docs, fit=False)

    def locate(self, feature: int) -> tuple[str, str]:
        """(block kind, n-gram) of a column of the matrix."""
        if self._names is None:
            self._names = [b.vectorizer.get_feature_names_out() for b in self.blocks]
            self._starts = np.cumsum([0] + [len(n) for n in self._names])
        block = int(np.searchsorted(self._starts, feature, side="right")) - 1
        return self.blocks[block].kind, str(self._names[block][feature - self._starts[block]])

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_names"] = state["_starts"] = None  # rebuilt on first use, not stored twice
        return state
