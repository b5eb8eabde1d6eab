"""The words that justify a tag: the n-grams with the largest share of the label's score (TF-IDF value times the
model's weight), mapped back through the segmentation to character offsets in the raw text."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from xiaoneng.analysis.features import CHARS_IN_WORDS, OPENING, WORDS, Features
from xiaoneng.analysis.text import Doc, fold, has_content

TOP_FEATURES = 6


@dataclass(frozen=True)
class Span:
    start: int  # character offsets into the raw text, end exclusive
    end: int
    text: str
    weight: float  # the n-gram's contribution to the label's score


def _word_spans(doc: Doc, gram: str, within: int | None = None) -> list[tuple[int, int]]:
    parts = gram.split(" ")
    n = len(parts)
    count = len(doc.words) if within is None else min(within, len(doc.words))
    return [(doc.starts[i], doc.ends[i + n - 1]) for i in range(count - n + 1) if list(doc.words[i:i + n]) == parts]


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


def _text_spans(doc: Doc, gram: str) -> list[tuple[int, int]]:
    """A character n-gram of the text itself (folded one character for one, so its offsets are the text's)."""
    folded, found = fold(doc.text), []
    at = folded.find(gram)
    while at >= 0 and gram.strip():
        found.append((at, at + len(gram)))
        at = folded.find(gram, at + 1)
    return found


def spans(doc: Doc, matrix: sparse.csr_matrix, row: int, coefficients: np.ndarray, features: Features,
          top: int = TOP_FEATURES) -> list[Span]:
    """The top n-grams of one text (row `row` of `matrix`) for one class, as spans in order of the text; overlapping
    spans are merged (their weights added), so 安全 and 安全隐患 mark one stretch. Punctuation and spaces at a
    span's ends are left unmarked."""
    begin, end = matrix.indptr[row], matrix.indptr[row + 1]  # the row's entries, without slicing a new matrix
    indices, values = matrix.indices[begin:end], matrix.data[begin:end]
    if not len(indices):
        return []
    contributions = values * coefficients[indices]
    order = np.argsort(-contributions)[:top]
    marked: list[tuple[int, int, float]] = []
    for k in order:
        weight = float(contributions[k])
        if weight <= 0:
            break
        kind, gram = features.locate(int(indices[k]))
        if kind == WORDS:
            found = _word_spans(doc, gram)
        elif kind == OPENING:
            found = _word_spans(doc, gram, features.task.opening_words)
        elif kind == CHARS_IN_WORDS:
            found = _char_spans(doc, gram)
        else:
            found = _text_spans(doc, gram)
        marked.extend((s, e, weight) for s, e in found)
    marked.sort()
    merged: list[list] = []
    for start, end, weight in marked:
        if merged and start < merged[-1][1]:  # overlapping; words side by side stay apart
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] += weight
        else:
            merged.append([start, end, weight])
    result = []
    for start, end, weight in merged:
        while start < end and not has_content(doc.text[start]):
            start += 1
        while end > start and not has_content(doc.text[end - 1]):
            end -= 1
        if end > start:
            result.append(Span(start, end, doc.text[start:end], round(weight, 4)))
    return result
