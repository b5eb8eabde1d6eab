"""Characters no text of the product may hold: NUL and the other C0 controls except tab and line breaks, DEL, and
lone UTF-16 surrogates (a JSON "\\ud800" or a broken UTF-8 byte). PostgreSQL refuses NUL and unencodable text
with an error that would fail a whole transaction; none of them belongs in a name, a comment or a code."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def has_control_characters(text: str) -> bool:
    return _CONTROL.search(text) is not None


def strip_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)
