"""Finding the phrases of the code of conduct in any text (SPEC E4), with their variants.

A phrase is a sequence of slots, each listing interchangeable wordings ("" makes a slot optional): 我不知道，你去问××
is [不知道 | 不清楚 | 不晓得 …] [ | 你 | 您] [去问 | 问别人 | 找别人 …]. The slots are expanded into every literal
wording, and text and wordings are normalised alike before they meet: punctuation, spaces, symbols and the filler
particles (啊 呀 吧 呢 了 的 …) are dropped, full-width forms folded (NFKC), so "下班了啊，明天再来吧！" and
"下班 明天再来" are the same words. A name in place of ×× needs nothing: the wording ends before it.

The wordings go into one Aho-Corasick automaton (pyahocorasick): a text is normalised with `str.translate` and
searched in one pass, both in C, so that the scan keeps its speed on hundreds of thousands of texts; the map back
to the text's own offsets is built only for the rare text that holds a hit.

A hit is dropped when the text says the phrase was not used: a negation just before it (没有说, 从不, 不会说 …,
e.g. 工作人员从来不说“下班了明天再来”) or a phrase's own exceptions right after it (有意见找领导反映 is advice, not
the forbidden 有意见，找领导去).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

FILLERS = "啊呀吧嘛呢哦哈啦喔嗯哎诶唉咯哟呗噢了的"
NEGATIONS = ("没有说", "没说", "没讲", "没有讲", "从不", "从没", "从来不", "从来没", "不会说", "并没有", "并未", "未曾",
             "没有一句", "没再说", "不再说", "不说", "杜绝", "禁止", "不能说", "不得说", "不要说", "不准说", "避免说",
             "而不是", "不是说", "没有出现", "不存在", "没有推诿")
NEGATION_REACH = 8  # normalised characters before a hit that a negation may stand in
EXCEPTION_REACH = 4  # normalised characters after a hit that a phrase's exception must start within
MAX_WORDINGS = 200  # per slot: more is an editing mistake (a pasted text), not a list of variants


def _table() -> dict[int, str | None]:
    """One translation table for all of it: punctuation, spaces, symbols, controls and fillers deleted, every other
    character folded to its NFKC form in lower case (Ａ → a, ﹙ → deleted). One `str.translate` then does in C what
    NFKC, lower() and a deletion would do in three passes."""
    deleted = {ord(ch) for ch in FILLERS}
    # The Basic Multilingual Plane, the emoji and symbol blocks and the tag characters hold every punctuation,
    # space and symbol a typed text carries; walking all 1.1 million code points would cost a second at start-up.
    codes = list(itertools.chain(range(0xD800), range(0xE000, 0x10000), range(0x1F000, 0x1FB00), range(0xE0000, 0xE0080)))
    for code in codes:
        category = unicodedata.category(chr(code))
        if category[0] in "PZS" or category in ("Cc", "Cf"):
            deleted.add(code)
    table: dict[int, str | None] = dict.fromkeys(deleted)
    for code in codes:
        if code in deleted:
            continue
        ch = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKC", ch).lower() if ord(c) not in deleted)
        if folded != ch:
            table[code] = folded or None
    return table


_TABLE = _table()
_NEGATIONS = tuple(n.translate(_TABLE) for n in NEGATIONS)


def normalise(text: str) -> str:
    """The text as the matcher reads it: folded (NFKC, lower case) without punctuation, spaces, symbols, fillers."""
    return text.translate(_TABLE)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each of its characters, the offset in `text` of the character it came from
    (a character may fold into several, ㈱ → (株) → 株, or into none)."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        for out in ch.translate(_TABLE):
            chars.append(out)
            offsets.append(i)
    return "".join(chars), offsets


@dataclass(frozen=True)
class Phrase:
    code: str
    kind: str  # "forbidden" or "polite"
    text: str
    slots: tuple[tuple[str, ...], ...]  # normalised, as `Phrase.of` gives them
    unless_after: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()

    @classmethod
    def of(cls, code: str, kind: str, text: str, slots, unless_after=(), unless_before=()) -> Phrase:
        def clean(words) -> tuple[str, ...]:
            return tuple(dict.fromkeys(normalise(w) for w in words if normalise(w)))
        return cls(code=code, kind=kind, text=text,
                   slots=tuple(clean(slot) if "" not in slot else ("",) + clean(slot) for slot in slots),
                   unless_after=clean(unless_after), unless_before=clean(unless_before))

    @property
    def anchors(self) -> tuple[tuple[str, ...], ...]:
        """The slots that must be present, in order; the optional ones fall inside the gaps allowed between them."""
        return tuple(slot for slot in self.slots if "" not in slot and slot)


@dataclass(frozen=True)
class Hit:
    code: str  # the phrase's code
    kind: str
    start: int  # offsets in the original text, end exclusive
    end: int
    matched: str  # the original text between start and end


MAX_GAP = 4  # normalised characters allowed between two anchors: 你就, 得很, 我们 … and a short name or object


class Matcher:
    """The phrases in one automaton of their anchors' wordings; `scan` chains the anchors found in order."""

    def __init__(self, phrases: Sequence[Phrase]):
        self.phrases = [p for p in phrases if p.anchors]
        self._by_code = {p.code: p for p in self.phrases}
        automaton = ahocorasick.Automaton()
        places: dict[str, list[tuple[int, int]]] = {}
        for pi, phrase in enumerate(self.phrases):
            for ai, anchor in enumerate(phrase.anchors):
                for wording in anchor:
                    places.setdefault(wording, []).append((pi, ai))
        for wording, where in places.items():
            automaton.add_word(wording, (len(wording), tuple(where)))
        if not places:
            automaton.add_word("\x00", (1, ()))  # an empty automaton cannot be searched; NUL never survives normalise
        automaton.make_automaton()
        self._automaton = automaton

    def phrase(self, code: str) -> Phrase:
        return self._by_code[code]

    def scan(self, text: str, kinds: Iterable[str] = ("forbidden",)) -> list[Hit]:
        """The phrases of `kinds` found in `text`, in order; of two overlapping hits the longer stays."""
        if not text:
            return []
        wanted = set(kinds)
        found = self._find(normalise(text), wanted)
        if not found:
            return []
        flat, offsets = normalise_with_offsets(text)  # the same string, now with the way back to the text
        hits = []
        for first, end, pi in found:
            phrase = self.phrases[pi]
            start, stop = offsets[first], offsets[end - 1] + 1
            hits.append(Hit(code=phrase.code, kind=phrase.kind, start=start, end=stop, matched=text[start:stop]))
        return hits

    def _find(self, flat: str, wanted: set[str]) -> list[tuple[int, int, int]]:
        occurrences: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for last, (length, where) in self._automaton.iter(flat):
            for key in where:
                occurrences.setdefault(key, []).append((last - length + 1, last + 1))
        if not occurrences:
            return []
        found = []
        for pi in sorted({pi for pi, ai in occurrences if ai == 0}):
            phrase = self.phrases[pi]
            if phrase.kind not in wanted:
                continue
            taken_to = -1
            for first, end in sorted(occurrences[(pi, 0)]):
                if first < taken_to:
                    continue
                for ai in range(1, len(phrase.anchors)):
                    nexts = [o for o in occurrences.get((pi, ai), ()) if end <= o[0] <= end + MAX_GAP]
                    if not nexts:
                        break
                    end = max(nexts, key=lambda o: (-o[0], o[1]))[1]  # the nearest, and the longest there
                else:
                    if not _negated(phrase, flat, first, end):
                        found.append((first, end, pi))
                        taken_to = end
        return _longest_first(found)


def _longest_first(found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    kept: list[tuple[int, int, int]] = []
    for hit in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0], h[2])):
        if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
            kept.append(hit)
    return sorted(kept)


DEMONSTRATIVES = ("这种", "这样", "之类", "这类", "此类")
LATER_NEGATIONS = ("没有", "没", "从没", "未", "杜绝", "不存在", "不会", "不得", "禁止")


def _negated(phrase: Phrase, flat: str, first: int, end: int) -> bool:
    """Whether the text says the phrase was not used: a negation just before it, a phrase's own exception right
    after it, or a demonstrative and a negation after it (这种话我从没听到过)."""
    before = flat[max(0, first - NEGATION_REACH):first]
    if any(cue in before for cue in _NEGATIONS) or any(before.endswith(c) for c in phrase.unless_before):
        return True
    after = flat[end:end + 16]
    if any(0 <= after.find(c) < EXCEPTION_REACH for c in phrase.unless_after):
        return True
    return any(d in after[:6] for d in DEMONSTRATIVES) and any(n in after for n in LATER_NEGATIONS)
