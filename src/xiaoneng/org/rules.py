"""What makes organisation and staff input valid: lengths, code and username shapes, allowed values (SPEC A1, A3)."""

from __future__ import annotations

import re

from xiaoneng.auth.rules import DEPARTMENT_SCOPED, Role
from xiaoneng.kit import fields
from xiaoneng.kit.fields import text_problem  # noqa: F401  (services call rules.text_problem)

# Column widths of org/models.py; the checks below keep input inside them with a readable message.
CODE_MAX = 32
NAME_MAX = 200
ADDRESS_MAX = 300
STAFF_NO_MAX = 32
FULL_NAME_MAX = 64
TITLE_MAX = 64
PHONE_MAX = 32
USERNAME_MIN = 3
USERNAME_MAX = 64
REGION_CODE_LEN = (6, 12)  # 行政区划代码: 6 digits for a county, up to 12 with township and village parts
RANK_RANGE = (1, 99)

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@\-]*$")
PHONE_RE = re.compile(r"^[0-9+\-() ]+$")
REGION_CODE_RE = re.compile(r"^[0-9]+$")


def code_problem(value: str | None, *, label: str = "编码", max_len: int = CODE_MAX) -> str | None:
    return fields.code_problem(value, label=label, max_len=max_len)


def username_problem(value: str) -> str | None:
    text = value.strip()
    if len(text) < USERNAME_MIN:
        return f"用户名至少 {USERNAME_MIN} 个字符"
    if len(text) > USERNAME_MAX:
        return f"用户名不能超过 {USERNAME_MAX} 个字符"
    if not USERNAME_RE.match(text):
        return "用户名只能包含字母、数字、下划线、点、@ 和连字符，并以字母或数字开头"
    return None


def phone_problem(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    if len(text) > PHONE_MAX:
        return f"电话不能超过 {PHONE_MAX} 个字符"
    if not PHONE_RE.match(text):
        return "电话只能包含数字、空格和 + - ( )"
    return None


def region_code_problem(value: str | None) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    low, high = REGION_CODE_LEN
    if not REGION_CODE_RE.match(text) or not low <= len(text) <= high:
        return f"行政区划代码须为 {low} 至 {high} 位数字"
    return None


def rank_problem(value: object) -> str | None:
    low, high = RANK_RANGE
    if isinstance(value, bool) or not isinstance(value, int):
        return "级别须为整数"
    if not low <= value <= high:
        return f"级别须在 {low} 至 {high} 之间"
    return None


def parse_role(value: str | None) -> Role | None:
    try:
        return Role((value or "").strip())
    except ValueError:
        return None


def needs_department(role: Role) -> bool:
    """Window staff and department heads see only their department, so without one they would see nothing."""
    return role in DEPARTMENT_SCOPED
