"""Searches of lists: what a person types is matched as typed, so % and _ are characters, not LIKE wildcards."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_


def contains(q: str | None, *columns) -> ColumnElement[bool] | None:
    """"Any of `columns` contains the text `q`", ignoring case; None when `q` is blank (no condition)."""
    text = (q or "").strip()
    if not text:
        return None
    return or_(*(column.icontains(text, autoescape=True) for column in columns))


def search(stmt: Select, q: str | None, *columns) -> Select:
    """`stmt` narrowed to rows where one of `columns` contains `q`; unchanged when `q` is blank."""
    condition = contains(q, *columns)
    return stmt if condition is None else stmt.where(condition)


def starts_with(column, prefix: str) -> ColumnElement[bool]:
    """`column` begins with `prefix` taken literally (a code with _ in it matches only itself)."""
    return column.startswith(prefix, autoescape=True)
