"""A rating comment's dimensions (S0 art. 9), each with its sentiment, and its actionability, with the words that
justify each tag as character offsets into the comment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xiaoneng.analysis import rules
from xiaoneng.analysis.evidence import Span
from xiaoneng.analysis.lexicon import Lexicon, builtin


@dataclass(frozen=True)
class DimensionTag:
    dimension: str
    sentiment: str  # 正面 / 负面 / 中性
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class CommentTags:
    dimensions: tuple[DimensionTag, ...]
    actionability: str  # 需要回应 / 建议 / 表扬 / 无实质内容
    actionability_evidence: tuple[Span, ...]


def _spans(text: str, hits: Iterable[rules.Hit]) -> tuple[Span, ...]:
    seen = sorted({(h.start, h.end) for h in hits})
    return tuple(Span(s, e, text[s:e], 1.0) for s, e in seen)


def level_sign(level: int | None) -> int:
    """A rating's level (5 非常满意 … 1 非常不满意, ratings.rules.Level) as a sentiment hint: 1 and 2 are bad reviews."""
    if level is None:
        return 0
    return 1 if level >= 4 else -1 if level <= 2 else 0


def tag_comment(text: str, *, level: int | None = None, lexicon: Lexicon | None = None) -> CommentTags:
    lexicon = lexicon or builtin()
    text = text or ""
    hits = lexicon.hits(text)
    hint = level_sign(level)
    found = rules.dimensions(text, hits, hint)
    label, deciding = rules.actionability(text, hits, found, empty=lexicon.is_empty(text), level_sign=hint)
    return CommentTags(
        dimensions=tuple(DimensionTag(f.dimension, f.sentiment, _spans(text, f.hits)) for f in found),
        actionability=label, actionability_evidence=_spans(text, deciding))
