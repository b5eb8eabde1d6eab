"""How well the comment tagger agrees with comments labelled by hand: per dimension the precision and recall of
naming it, the share of rightly named dimensions whose sentiment is right, and actionability's accuracy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from xiaoneng.analysis.comments import tag_comment
from xiaoneng.analysis.rules import ACTIONABILITY


@dataclass(frozen=True)
class Labelled:
    text: str
    level: int | None
    dimensions: dict[str, str]  # dimension → 正面 / 负面
    actionability: str


def parse_dimensions(cell: str) -> dict[str, str]:
    """"服务态度:正面；服务效率:负面" as a dict; an empty cell names none."""
    found = {}
    for part in (cell or "").replace(";", "；").split("；"):
        if part.strip():
            dimension, _, sentiment = part.partition(":")
            found[dimension.strip()] = sentiment.strip()
    return found


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def measure(rows: Iterable[Labelled]) -> dict:
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    sentiment_right = sentiment_total = 0
    act_right, act_total = 0, 0
    act_confusion: Counter = Counter()
    for row in rows:
        tags = tag_comment(row.text, level=row.level)
        predicted = {t.dimension: t.sentiment for t in tags.dimensions}
        for dimension in predicted.keys() | row.dimensions.keys():
            if dimension in predicted and dimension in row.dimensions:
                true_pos[dimension] += 1
                sentiment_total += 1
                sentiment_right += predicted[dimension] == row.dimensions[dimension]
            elif dimension in predicted:
                false_pos[dimension] += 1
            else:
                false_neg[dimension] += 1
        act_total += 1
        act_right += tags.actionability == row.actionability
        act_confusion[(row.actionability, tags.actionability)] += 1
    dimensions = sorted(true_pos.keys() | false_pos.keys() | false_neg.keys())
    per_dimension = {d: {"precision": _ratio(true_pos[d], true_pos[d] + false_pos[d]),
                         "recall": _ratio(true_pos[d], true_pos[d] + false_neg[d]),
                         "support": true_pos[d] + false_neg[d]} for d in dimensions}
    tp, fp, fn = sum(true_pos.values()), sum(false_pos.values()), sum(false_neg.values())
    per_act = {}
    for label in ACTIONABILITY:
        hit = act_confusion[(label, label)]
        said = sum(n for (_, p), n in act_confusion.items() if p == label)
        real = sum(n for (g, _), n in act_confusion.items() if g == label)
        per_act[label] = {"precision": _ratio(hit, said), "recall": _ratio(hit, real), "support": real}
    return {"comments": act_total, "per_dimension": per_dimension,
            "micro_precision": _ratio(tp, tp + fp), "micro_recall": _ratio(tp, tp + fn),
            "dimension_sentiment_accuracy": _ratio(sentiment_right, sentiment_total),
            "actionability_accuracy": _ratio(act_right, act_total), "per_actionability": per_act}
