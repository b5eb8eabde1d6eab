"""The words that justify a tag: the n-grams with the largest share of the label's score (TF-IDF value times the
model's weight), mapped back through the segmentation to character offsets in the raw text."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from xiaoneng.analysis.text import Doc

TOP_FEATURES = 6


@dataclass(frozen=True)
class Span:
    start: int  # character offsets into the raw text, end exclusive
    end: int
    text: str
    weight: float  # the n-gram's contribution to the label's score


def _word_spans(doc: Doc, gram: str) -> list[tuple[int, int]]:
    parts = gram.split(" ")
    n = len(parts)
    return [(doc.starts[i], doc.ends[i + n - 1]) for i in range(len(doc.words) - n + 1)
            if list(doc.words[i:i + n]) == parts]


def _char_spans(doc: Doc, gram: str) -> list[tuple[int, int]]:
    core = gram.strip(" ")
    if not core:
        return []
    found = []
    for word, start, end in zip(doc.words, doc.starts, doc.ends):
        at = word.find(core)
        if at < 0:
            continue
        if end - start != len(word):  # folding changed the length (rare): mark the whole word
            found.append((start, end))
            continue
        while at >= 0:
            found.append((start + at, start + at + len(core)))
            at = word.find(core, at + 1)
    return found


def spans(doc: Doc, row: sparse.csr_matrix, coefficients: np.ndarray, names: np.ndarray, word_features: int,
          top: int = TOP_FEATURES) -> list[Span]:
    """The top n-grams of one text for one class, as spans in order of the text; overlapping spans are merged
    (their weights added), so 安全 and 安全隐患 mark one stretch."""
    indices, values = row.indices, row.data
    if not len(indices):
        return []
    contributions = values * coefficients[indices]
    order = np.argsort(-contributions)[:top]
    marked: list[tuple[int, int, float]] = []
    for k in order:
        weight = float(contributions[k])
        if weight <= 0:
            break
        feature = int(indices[k])
        gram = str(names[feature])
        found = _word_spans(doc, gram) if feature < word_features else _char_spans(doc, gram)
        marked.extend((s, e, weight) for s, e in found)
    marked.sort()
    merged: list[list] = []
    for start, end, weight in marked:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] += weight
        else:
            merged.append([start, end, weight])
    return [Span(s, e, doc.text[s:e], round(w, 4)) for s, e, w in merged]
