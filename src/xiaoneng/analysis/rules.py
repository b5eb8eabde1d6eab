"""Pure rules of the comment tagger: which dimensions of S0 art. 9 a comment speaks of and with what sentiment, and
whether it needs an answer (需要回应), suggests something (建议), praises (表扬) or says nothing (无实质内容).

The hits come from the lexicon (words found with their offsets, matched longest first by lexicon.py); these rules
only weigh them: clauses are cut at punctuation, a polarity word after a negation within NEGATION_REACH characters
of the same clause is turned round, and a dimension named by a neutral word (态度, 系统) takes the sentiment of its
clause, else of the whole comment, else of the rating's level when one is known."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

POSITIVE, NEGATIVE, NEUTRAL = "正面", "负面", "中性"
NEEDS_ANSWER, SUGGESTION, PRAISE, NOTHING = "需要回应", "建议", "表扬", "无实质内容"
ACTIONABILITY = (NEEDS_ANSWER, SUGGESTION, PRAISE, NOTHING)
NEGATION_REACH = 2
_CLAUSE_END = re.compile(r"[，,。.！!？?；;、\n\r~～]+|\s{2,}")
_CONTENT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
SHORT = 4  # content characters: below it a comment says nothing unless its words are specific


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    word: str
    kind: str  # dimension / polarity / negation / neutral / demand / suggestion / praise
    dimension: str = ""
    polarity: int = 0  # +1, -1 or 0 (a word that names a dimension without a sentiment)


@dataclass(frozen=True)
class DimensionFinding:
    dimension: str
    sentiment: str
    hits: tuple[Hit, ...]


def clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _CLAUSE_END.finditer(text):
        if match.start() > start:
            bounds.append((start, match.start()))
        start = match.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _clause_of(position: int, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    for start, end in bounds:
        if start <= position < end:
            return start, end
    return position, position


def signed(hit: Hit, negations: Sequence[Hit], clause: tuple[int, int]) -> int:
    """A polarity word's sign, turned round by a negation just before it in the same clause (不太方便, 没有耐心).
    A dimension's own phrases (态度很差, 不耐烦) already say their sentiment and are never turned."""
    if hit.kind != "polarity":
        return hit.polarity
    turned = any(clause[0] <= n.start and n.end <= hit.start and hit.start - n.end <= NEGATION_REACH
                 for n in negations)
    return -hit.polarity if turned else hit.polarity


def polarity_of(text: str, hits: Sequence[Hit], span: tuple[int, int] | None = None) -> int:
    """The sign of the polarity words (and of the dimension words that carry one) within `span`, or the text."""
    bounds = clauses(text)
    negations = [h for h in hits if h.kind == "negation"]
    total = 0
    for hit in hits:
        if hit.polarity == 0 or hit.kind == "negation":
            continue
        if span is not None and not (span[0] <= hit.start < span[1]):
            continue
        total += signed(hit, negations, _clause_of(hit.start, bounds))
    return (total > 0) - (total < 0)


def _in_clause(a: Hit, b: Hit, bounds: Sequence[tuple[int, int]]) -> bool:
    return _clause_of(a.start, bounds) == _clause_of(b.start, bounds)


def _label(sign: int) -> str:
    return POSITIVE if sign > 0 else NEGATIVE if sign < 0 else NEUTRAL


def dimensions(text: str, hits: Sequence[Hit], level_sign: int = 0) -> list[DimensionFinding]:
    """Each dimension named in the text with its sentiment: its own sentiment-bearing words first, then a wish or
    demand in the clause of its neutral words (希望增加座位 says the seats are lacking), that clause's polarity words,
    the whole text, and the level, in that order."""
    bounds = clauses(text)
    negations = [h for h in hits if h.kind == "negation"]
    named: dict[str, list[Hit]] = {}
    for hit in hits:
        if hit.kind == "dimension":
            named.setdefault(hit.dimension, []).append(hit)
    overall = polarity_of(text, hits)
    found = []
    for dimension, own in named.items():
        sign = sum(signed(h, negations, _clause_of(h.start, bounds)) for h in own if h.polarity)
        if sign == 0 and any(_in_clause(h, w, bounds) for h in own for w in hits if w.kind in ("suggestion", "demand")):
            sign = -1
        if sign == 0:
            sign = sum(polarity_of(text, hits, _clause_of(h.start, bounds)) for h in own)
        if sign == 0:
            sign = overall or level_sign
        found.append(DimensionFinding(dimension, _label((sign > 0) - (sign < 0)), tuple(own)))
    return sorted(found, key=lambda f: f.hits[0].start)


def content_length(text: str) -> int:
    return len(_CONTENT.findall(text))


def actionability(text: str, hits: Sequence[Hit], found: Sequence[DimensionFinding], *, empty: bool,
                  level_sign: int = 0) -> tuple[str, tuple[Hit, ...]]:
    """The comment's actionability and the hits that decided it. A demand or a complaint about a dimension needs an
    answer; else a suggestion is a suggestion; else praise is praise; a comment that is only a level word (满意,
    一般, 无) or too short to name anything says nothing."""
    demands = tuple(h for h in hits if h.kind == "demand")
    complaints = tuple(h for f in found if f.sentiment == NEGATIVE for h in f.hits)
    suggestions = tuple(h for h in hits if h.kind == "suggestion")
    praise = tuple(h for h in hits if h.kind == "praise")
    if empty or (content_length(text) < SHORT and not (found or demands or suggestions or praise)):
        return NOTHING, ()
    if demands or (complaints and not suggestions):
        return NEEDS_ANSWER, demands + complaints
    if suggestions:
        return SUGGESTION, suggestions
    overall = polarity_of(text, hits) or level_sign
    if praise or (found and overall > 0):
        return PRAISE, praise or tuple(h for f in found for h in f.hits)
    if overall < 0:
        return NEEDS_ANSWER, tuple(h for h in hits if h.polarity < 0)
    return NOTHING, ()
