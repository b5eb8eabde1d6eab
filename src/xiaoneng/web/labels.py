"""Template helpers that turn stored codes into the Chinese people read (codes stay in the records and the API)."""

from __future__ import annotations

from sqlalchemy.orm import object_session

from xiaoneng.items.rules import limit_label  # noqa: F401  (templates: a time limit, 即办 for 0)
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import LEVEL_LABELS, Level


def level_label(level) -> str:
    """A satisfaction level (a rating's or a callback's 1-5) as one of the five labels."""
    try:
        return LEVEL_LABELS[Level(int(level))]
    except (TypeError, ValueError):
        return "—"


def indicator_name(rating, code: str) -> str:
    """The indicator's Chinese name from the set the rating was given under ("具体评价" when it is not found)."""
    session = object_session(rating)
    set_id = getattr(rating, "indicator_set_id", None)
    found = ratings.indicator_set(session, set_id=set_id) if session is not None and set_id else None
    for indicator in (found.definition.get("indicators", []) if found else []):
        if indicator.get("code") == code:
            return indicator.get("name") or "具体评价"
    return "具体评价"
