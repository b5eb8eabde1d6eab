"""From a raw or space-segmented Chinese text to the words a model reads, each with its offsets in the text.

A text whose CJK characters are mostly separated by spaces (the form of a file segmented beforehand, such as the
附件2 training file) is split on whitespace; any other text is segmented by jieba. Either way every word keeps the
character offsets of the text it came from, so that the n-grams a model weighed can be marked in the original.
Words are folded (full-width forms to ASCII, lower case) before they are compared; punctuation, spaces, lone Latin letters and, for
topics, the stop words of data/stopwords.txt are dropped.
"""

from __future__ import annotations

import logging
import re
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


# Full-width ASCII (Ａ３！) to ASCII and capitals to lower case, one character for one, in C (str.translate):
# offsets into the folded text are offsets into the text, so jieba's offsets need no mapping back.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20})
_FOLD.update({code: code + 32 for code in range(0x41, 0x5B)})
_FOLD.update({code + 0xFEE0: code + 32 for code in range(0x41, 0x5B)})
_USEFUL = re.compile(r"[^\W_]")  # a letter or a digit of any script: punctuation and symbols alone say nothing


def fold(text: str) -> str:
    return text.translate(_FOLD)


def has_content(text: str) -> bool:
    return _USEFUL.search(text or "") is not None


def _kept(word: str, drop: frozenset[str]) -> bool:
    # A lone Latin letter says nothing either (附件2 drops them too).
    return bool(word) and word not in drop and _USEFUL.search(word) is not None and \
        not (len(word) == 1 and "a" <= word <= "z")


def _pieces(text: str):
    if is_segmented(text):
        for match in _WORD_IN_SEGMENTED.finditer(text):
            yield fold(match.group()), match.start(), match.end()
    else:
        # HMM off: new-word guessing costs a quarter of the time and finds mostly names, which no topic rests on.
        yield from _tokenizer().tokenize(fold(text), HMM=False)


def segment(text: str, *, drop_stopwords: bool = True) -> Doc:
    drop = stopwords() if drop_stopwords else frozenset()
    words, starts, ends = [], [], []
    for word, start, end in _pieces(text or ""):
        if _kept(word, drop):
            words.append(word)
            starts.append(start)
            ends.append(end)
    return Doc(text=text or "", words=tuple(words), starts=tuple(starts), ends=tuple(ends))
