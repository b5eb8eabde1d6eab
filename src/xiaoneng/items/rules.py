"""What makes a service item valid: codes, time limits, materials, and when its guide is overdue for review (SPEC A2)."""

from __future__ import annotations

import datetime as dt
import re

from xiaoneng.kit import fields
from xiaoneng.kit.fields import text_problem  # noqa: F401  (services call rules.text_problem)

# Column widths of items/models.py.
CODE_MAX = 64
NAME_MAX = 200
FEES_MAX = 200
MATERIAL_NAME_MAX = 200
COPIES_MAX = 32
LIMIT_MAX = 3650  # ten years of working days: anything longer is a typing mistake

MATERIAL_SPLIT_RE = re.compile(r"[;；\r\n]+")


def code_problem(value: str | None) -> str | None:
    """Item codes are exchanged with the provincial platform (K7)."""
    return fields.code_problem(value, label="事项编码", max_len=CODE_MAX)


def parse_limit(value: object, *, label: str, optional: bool = False) -> tuple[int | None, str | None]:
    """A time limit in working days: a whole number from 0 (即办件) up; returns (days, problem).
    Blank is 0, or None ("not set") for an `optional` limit (the promised one)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (None if optional else 0), None
    if isinstance(value, bool):
        return None, f"{label}须为不小于 0 的整数"
    if isinstance(value, float):
        if not value.is_integer():
            return None, f"{label}须为不小于 0 的整数"
        value = int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isdigit():
            return None, f"{label}须为不小于 0 的整数"
        value = int(text)
    if not isinstance(value, int):
        return None, f"{label}须为不小于 0 的整数"
    if value < 0:
        return None, f"{label}须为不小于 0 的整数"
    if value > LIMIT_MAX:
        return None, f"{label}不能超过 {LIMIT_MAX} 个工作日"
    return value, None


def limits_problem(statutory: int, promised: int | None) -> str | None:
    """A promise to the public may be shorter than the law allows, never longer."""
    if statutory > 0 and promised is not None and promised > statutory:
        return "承诺时限不得超过法定时限"
    return None


def is_immediate(promised_limit_days: int | None) -> bool:
    """即办件: a promised limit of 0, done on the spot (not set is not 即办)."""
    return promised_limit_days == 0


def case_limit(statutory_limit_days: int, promised_limit_days: int | None) -> int:
    """The working days a new case gets: the promised limit when set (0 = 即办件, due the day of receipt), the
    statutory limit when not."""
    return statutory_limit_days if promised_limit_days is None else promised_limit_days


def limit_label(days: int | None, *, zero: str = "即办", unset: str = "未设定（按法定时限）") -> str:
    """A limit as people read it: 即办 for 0 (a statutory 0 reads `zero`: 未规定), never "0 个工作日"."""
    if days is None:
        return unset
    return zero if days == 0 else f"{days} 个工作日"


def material_problem(name: str, copies: str) -> tuple[str, str] | None:
    """(field, reason) of a bad material row, or None."""
    problem = text_problem(name, label="材料名称", max_len=MATERIAL_NAME_MAX)
    if problem:
        return "name", problem
    problem = text_problem(copies, label="份数", max_len=COPIES_MAX, required=False)
    if problem:
        return "copies", problem
    return None


def split_materials(text: str | None) -> list[str]:
    """Material names written in one cell, separated by ；, ; or line breaks."""
    return [part.strip() for part in MATERIAL_SPLIT_RE.split(text or "") if part.strip()]


def guide_is_stale(reviewed_on: dt.date | None, *, today: dt.date, max_days: int) -> bool:
    """A guide never reviewed, or reviewed longer than `max_days` ago, is due for review (S3 办事指南长时间不更新)."""
    return reviewed_on is None or (today - reviewed_on).days > max_days


def stale_cutoff(today: dt.date, max_days: int) -> dt.date:
    """Guides reviewed before this date are stale."""
    return today - dt.timedelta(days=max_days)


def days_since_review(reviewed_on: dt.date | None, today: dt.date) -> int | None:
    return None if reviewed_on is None else (today - reviewed_on).days
