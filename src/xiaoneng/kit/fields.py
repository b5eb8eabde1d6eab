"""Checks of free text and codes shared by every domain's rules: each returns a Chinese reason or None."""

from __future__ import annotations

import re

CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def text_problem(value: str | None, *, label: str, max_len: int, required: bool = True) -> str | None:
    """The Chinese reason a free-text field is refused, or None when it is fine."""
    text = (value or "").strip()
    if required and not text:
        return f"{label}不能为空"
    if len(text) > max_len:
        return f"{label}不能超过 {max_len} 个字符"
    return None


def code_problem(value: str | None, *, label: str, max_len: int) -> str | None:
    """Codes are exchanged with other systems (K7, A4 imports), so only letters, digits and _ . - are allowed."""
    problem = text_problem(value, label=label, max_len=max_len)
    if problem:
        return problem
    if not CODE_RE.match(value.strip()):
        return f"{label}只能包含字母、数字、下划线、点和连字符，并以字母或数字开头"
    return None
