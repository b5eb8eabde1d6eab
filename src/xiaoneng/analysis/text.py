"""From a raw or space-segmented Chinese text to the words a model reads, each with its offsets in the text.

A text whose CJK characters are mostly separated by spaces (the form of a file segmented beforehand, such as the
附件2 training file) is split on whitespace; any other text is segmented by jieba's dictionary through jieba-rs
(rjieba: the same words as jieba's own segmentation, about twenty times faster). Either way every word keeps the
character offsets of the text it came from, so that the n-grams a model weighed can be marked in the original.
Words are folded (full-width forms to ASCII, lower case) before they are compared; punctuation, spaces, lone Latin letters and, for
topics, the stop words of data/stopwords.txt are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress
from operator import sub

import rjieba

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_SPACE_CJK = re.compile(f"[{_CJK}]\\s+(?=[{_CJK}])")
_CJK_CHAR = re.compile(f"[{_CJK}]")
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


# Past this many characters the opening of a text says whether it was segmented: a full message is not read twice.
SEGMENTED_SAMPLE = 400


def is_segmented(text: str) -> bool:
    text = text[:SEGMENTED_SAMPLE]
    if text.count(" ") < 2:  # typed text mostly has none: no need to count its characters
        return False
    cjk = _CJK_CHAR.subn("", text)[1]
    return cjk >= 4 and _CJK_SPACE_CJK.subn("", text)[1] >= SEGMENTED_SHARE * cjk


# Full-width ASCII (Ａ３！) to ASCII and capitals to lower case, one character for one, in C (str.translate):
# offsets into the folded text are offsets into the text, so jieba's offsets need no mapping back.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20})
_FOLD.update({code: code + 32 for code in range(0x41, 0x5B)})
_FOLD.update({code + 0xFEE0: code + 32 for code in range(0x41, 0x5B)})
_USEFUL = re.compile(r"[^\W_]")  # a letter or a digit of any script: punctuation and symbols alone say nothing


_FOLDED = re.compile("[A-Z\u3000\uff01-\uff5e]")


def fold(text: str) -> str:
    # translate() looks every character up in a dict: most texts have nothing to fold, which a search finds in C.
    return text.translate(_FOLD) if _FOLDED.search(text) else text


def has_content(text: str) -> bool:
    return _USEFUL.search(text or "") is not None


def _kept(word: str, drop: frozenset[str]) -> bool:
    # A lone Latin letter says nothing either (附件2 drops them too).
    return bool(word) and word not in drop and _USEFUL.search(word) is not None and \
        not (len(word) == 1 and "a" <= word <= "z")


class _Keeper(dict):
    """word → kept or not, worked out once per word: a message of 200 words meets few it has not met before."""

    def __init__(self, drop: frozenset[str]):
        super().__init__()
        self.drop = drop

    def __missing__(self, word: str) -> bool:
        kept = self[word] = _kept(word, self.drop)
        return kept


@lru_cache(maxsize=2)
def _keeper(drop_stopwords: bool) -> _Keeper:
    return _Keeper(stopwords() if drop_stopwords else frozenset())


def _pieces(text: str) -> tuple[list[str], list[int]]:
    """The text's pieces (folded) and where each ends; together they cover the text, one character for one."""
    folded = fold(text)
    if is_segmented(text):
        pieces = re.split(r"(\s+)", folded)
    else:
        # HMM off: new-word guessing costs a quarter of the time and finds mostly names, which no topic rests on.
        pieces = rjieba.cut(folded, hmm=False)
    return pieces, list(accumulate(map(len, pieces)))


def segment(text: str, *, drop_stopwords: bool = True) -> Doc:
    text = text or ""
    keeper = _keeper(drop_stopwords)
    pieces, ends = _pieces(text)
    # Iterators all the way (map, compress): a message of 200 words costs no Python loop.
    mask = list(map(keeper.__getitem__, pieces))
    words = tuple(compress(pieces, mask))
    stops = tuple(compress(ends, mask))
    return Doc(text=text, words=words, starts=tuple(map(sub, stops, map(len, words))), ends=stops)
