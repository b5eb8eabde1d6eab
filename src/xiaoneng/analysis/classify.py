"""Texts through a trained model: a label, its probability and, when asked, the words that justify it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xiaoneng.analysis import evidence
from xiaoneng.analysis.evidence import Span
from xiaoneng.analysis.model import TextModel
from xiaoneng.analysis.text import has_content
from xiaoneng.analysis.training import segment_all

BATCH = 4096  # texts vectorised at once: large enough for the vectorisers' speed, small enough for memory


@dataclass(frozen=True)
class Tag:
    kind: str  # the task: topic, sentiment, dimension, actionability
    label: str
    score: float  # 0-1
    evidence: tuple[Span, ...] = ()


def classify(model: TextModel, texts: Sequence[str], *, with_evidence: bool = True) -> list[Tag]:
    tags: list[Tag] = []
    coefficients = {k: model.coefficients(k) for k in range(len(model.classes))}
    for begin in range(0, len(texts), BATCH):
        docs = segment_all(model.task, texts[begin:begin + BATCH])
        predictions, matrix = model.predict(docs)
        for doc, prediction in zip(docs, predictions):
            spans: tuple[Span, ...] = ()
            content = bool(doc.words) if model.task.words else has_content(doc.text)
            if with_evidence and content:
                spans = tuple(evidence.spans(doc, matrix, prediction.row, coefficients[prediction.class_index],
                                             model.features))
            score = prediction.score if content else 0.0  # a text with no word has no label worth a score
            tags.append(Tag(model.task.name, prediction.label, round(score, 4), spans))
    return tags
