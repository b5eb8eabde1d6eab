"""From a raw or space-segmented Chinese text to the words a model reads, each with its offsets in the text.

A text whose CJK characters are mostly separated by spaces (the form of a file segmented beforehand, such as the
附件2 training file) is split on whitespace; any other text is segmented by jieba. Either way every word keeps the
character offsets of the text it came from, so that the n-grams a model weighed can be marked in the original.
Words are folded (NFKC, lower case) before they are compared; punctuation, spaces, lone Latin letters and, for
topics, the stop words of data/stopwords.txt are dropped.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_SPACE_CJK = re.compile(f"[{_CJK}]\\s+(?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_WORD_IN_SEGMENTED = re.compile(r"\S+")
# Past this share of CJK characters followed by a space before the next one, a text was segmented beforehand:
# 附件2's messages run at about 0.4, typed text with a stray space or two at under 0.05.
SEGMENTED_SHARE = 0.2


@dataclass(frozen=True)
class Doc:
    """A text and its words: `words[i]` (folded) stands at `text[starts[i]:ends[i]]`."""

    text: str
    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def joined(self) -> str:
        """The words separated by single spaces: what the vectorizers read."""
        return " ".join(self.words)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    source = resources.files("xiaoneng.analysis").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in source.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its start-up chatter is not the user's business
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def is_segmented(text: str) -> bool:
    cjk = len(_CJK_CHAR.findall(text))
    return cjk >= 4 and len(_CJK_SPACE_CJK.findall(text)) >= SEGMENTED_SHARE * cjk


def fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).lower()


def _kept(word: str, drop: frozenset[str]) -> bool:
    if not word or word in drop:
        return False
    if len(word) == 1:
        category = unicodedata.category(word)
        # Punctuation, symbols, spaces and controls say nothing; nor does a lone Latin letter (附件2 drops them too).
        if category[0] in "PSZC" or ("a" <= word <= "z"):
            return False
    return any(unicodedata.category(ch)[0] in "LN" for ch in word)


def fold_in_place(text: str) -> str:
    """NFKC and lower case character by character, keeping a character whose fold is longer (㈱ → (株)): the result
    has the text's length, so jieba's offsets in it are offsets in the text (Ａ３区 is read as a3区, like A3区)."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch).lower()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def _pieces(text: str):
    if is_segmented(text):
        for match in _WORD_IN_SEGMENTED.finditer(text):
            yield match.group(), match.start(), match.end()
    else:
        # HMM off: new-word guessing costs a quarter of the time and finds mostly names, which no topic rests on.
        yield from _tokenizer().tokenize(fold_in_place(text), HMM=False)


def segment(text: str, *, drop_stopwords: bool = True) -> Doc:
    drop = stopwords() if drop_stopwords else frozenset()
    words, starts, ends = [], [], []
    for piece, start, end in _pieces(text or ""):
        word = fold(piece.strip())
        if _kept(word, drop):
            words.append(word)
            starts.append(start)
            ends.append(end)
    return Doc(text=text or "", words=tuple(words), starts=tuple(starts), ends=tuple(ends))
