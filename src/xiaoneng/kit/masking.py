"""Masking of personal data for pages that do not need it in full (C6, D5). Pure functions."""

from __future__ import annotations

import re


def mask_phone(phone: str) -> str:
    """138****5678 for mobiles; other numbers keep only their last 4 digits."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) == 11 and digits[0] == "1":
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def mask_name(name: str) -> str:
    """张** : the surname only (compound surnames are not guessed: one character is enough to identify nobody)."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_id_number(number: str) -> str:
    """510***********1234: region prefix and last 4 only."""
    number = (number or "").strip()
    if len(number) < 8:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
