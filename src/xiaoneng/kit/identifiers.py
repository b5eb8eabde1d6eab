"""Applicant identifiers checked as the national standards define them: pure, each returns a Chinese problem naming
the field, or None. Empty values are allowed (the case form does not require them); callers decide when they are."""
from __future__ import annotations

import datetime as dt
import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
# 区号 (0 + 2-3 digits) - 号码 (7-8 digits, not starting with 0 or 1), optional 分机 after "-" or "转".
_LANDLINE = re.compile(r"0\d{2,3}-?[2-9]\d{6,7}(?:(?:-|转)\d{1,6})?")

# GB 11643-1999: ISO 7064 MOD 11-2 weights and the check character for remainders 0..10.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: 31 characters (no I, O, Z, S, V), weights 3^(i) mod 31.
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def is_mobile(value: str) -> bool:
    """Exactly a mainland mobile number: 11 digits, 1 then 3-9."""
    return _MOBILE.fullmatch(value) is not None


def phone_problem(value: str, *, label: str = "联系电话") -> str | None:
    """A mainland mobile (11 digits, 1[3-9]…) or a landline with its area code and an optional extension."""
    v = value.strip().replace(" ", "")
    if not v:
        return None
    if _MOBILE.fullmatch(v) or _LANDLINE.fullmatch(v):
        return None
    return f"{label}格式不正确：应为11位手机号（1开头，第二位3-9）或带区号的固定电话（如 0571-87654321，分机可加 -123）"


def id_number_problem(value: str, *, label: str = "身份证号") -> str | None:
    """The 18-character resident ID number: region, a real birth date, sequence and the GB 11643 check digit."""
    v = value.strip().upper()
    if not v:
        return None
    if len(v) != 18 or not v[:17].isdigit() or v[17] not in "0123456789X":
        return f"{label}应为18位：前17位数字，最后一位数字或X"
    try:
        dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return f"{label}中的出生日期 {v[6:14]} 不是有效日期"
    if _ID_CHECK[sum(int(c) * w for c, w in zip(v[:17], _ID_WEIGHTS)) % 11] != v[17]:
        return f"{label}校验位不正确，请核对号码"
    return None


def credit_code_problem(value: str, *, label: str = "统一社会信用代码") -> str | None:
    """The 18-character unified social credit code with its GB 32100-2015 check character."""
    v = value.strip().upper()
    if not v:
        return None
    if len(v) != 18 or any(c not in _USCC_CHARS for c in v):
        return f"{label}应为18位数字或大写字母（不含 I、O、Z、S、V）"
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(v[:17], _USCC_WEIGHTS))
    if _USCC_CHARS[(31 - total % 31) % 31] != v[17]:
        return f"{label}校验位不正确，请核对代码"
    return None
