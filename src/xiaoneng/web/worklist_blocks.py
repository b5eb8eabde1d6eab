"""The shapes of the home page's blocks (web/worklist.py and the domains' block builders): a heading, a count, the
first rows (labels, names, dates) and a link to the full filtered list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SHOWN = 5  # rows per block; the link leads to the rest
FETCH = 500  # rows read per list to count and pick a person's own records from their department's


@dataclass(frozen=True)
class Row:
    link: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    title: str
    count: int | str
    link: str
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    note: str = ""


@dataclass
class Home:
    blocks: list[Block] = field(default_factory=list)
    figures: list[Block] = field(default_factory=list)  # headline figures: a value and a label, no rows


def date_text(day: dt.date | None, provisional: bool = False) -> str:
    if day is None:
        return "—"
    text = f"{day.year}年{day.month}月{day.day}日"
    return text + "（待核定）" if provisional else text
