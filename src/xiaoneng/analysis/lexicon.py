"""The comment lexicon (data/lexicon.json) as Aho-Corasick automatons: every word of a comment found in one pass,
longest first, each with its offsets in the text as written."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import ahocorasick

from xiaoneng.analysis.rules import Hit

_KINDS = {"demands": "demand", "suggestions": "suggestion", "praise": "praise"}


def _fold(text: str) -> str:
    # One character in, one out, so offsets in the folded text are offsets in the text (Ａ → a, APP → app).
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _automaton(entries: dict[str, Hit]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, hit in entries.items():
        automaton.add_word(word, (len(word), hit))
    automaton.make_automaton()
    return automaton


class Lexicon:
    def __init__(self, data: dict):
        dims: dict[str, Hit] = {}
        for dimension, words in data["dimensions"].items():
            for key, sign in (("cues", 0), ("positive", 1), ("negative", -1)):
                for word in words.get(key, []):
                    dims[_fold(word)] = Hit(0, 0, word, "dimension", dimension, sign)
        polarity: dict[str, Hit] = {}
        # Neutral words only stand in the way of a shorter one inside them: 好几次 holds no 好, 不过 no 不.
        for key, sign, kind in (("positive", 1, "polarity"), ("negative", -1, "polarity"), ("negations", 0, "negation"),
                                ("neutral", 0, "neutral")):
            for word in data["polarity"].get(key, []):
                polarity[_fold(word)] = Hit(0, 0, word, kind, "", sign)
        acts: dict[str, Hit] = {}
        for key, kind in _KINDS.items():
            for word in data["actionability"][key]:
                acts.setdefault(_fold(word), Hit(0, 0, word, kind))
        self.empty = frozenset(_fold(w) for w in data["actionability"]["empty"])
        self.dimension_names = tuple(data["dimensions"])
        self._layers = [_automaton(dims), _automaton(polarity), _automaton(acts)]

    def hits(self, text: str) -> list[Hit]:
        """Within each layer (dimension words, polarity words, actionability cues) the longest words, leftmost first,
        without overlap: 不满意 is one negative word, not a negation and 满意."""
        folded = _fold(text)
        found: list[Hit] = []
        for automaton in self._layers:
            candidates = sorted(((end - length + 1, end + 1, hit) for end, (length, hit) in automaton.iter(folded)),
                                key=lambda c: (c[0], -(c[1] - c[0])))
            reached = 0
            for start, end, hit in candidates:
                if start < reached:
                    continue
                found.append(Hit(start, end, text[start:end], hit.kind, hit.dimension, hit.polarity))
                reached = end
        return sorted(found, key=lambda h: (h.start, h.end))

    def is_empty(self, text: str) -> bool:
        """Only a level word or a filler (满意, 一般, 无, 。。。), whatever the punctuation around it."""
        core = "".join(ch for ch in _fold(text) if ch.isalnum()).rstrip("的了啊呀吧哦嘛")
        # One letter or digit over and over (1111, aaa) is a keyboard, not a comment; 谢谢 is a comment.
        return not core or core in self.empty or (core.isascii() and len(set(core)) == 1)


@lru_cache(maxsize=1)
def builtin() -> Lexicon:
    source = resources.files("xiaoneng.analysis").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    return Lexicon(json.loads(source))
