"""一次性告知书 and 不予受理告知书 (S1 一次性告知制度, E3): what a notice must say, how it is numbered, and when a
later notice is a one-time-notification violation. Pure: no database, no clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class NoticeKind(StrEnum):
    SUPPLEMENT = "supplement"  # 补正告知: materials missing or non-compliant; the clock stops
    REFUSAL = "refusal"  # 不予受理告知: the application is not accepted


KIND_LABELS = {NoticeKind.SUPPLEMENT: "补正告知", NoticeKind.REFUSAL: "不予受理告知"}
TITLES = {NoticeKind.SUPPLEMENT: "一次性告知书", NoticeKind.REFUSAL: "不予受理告知书"}


class Problem(StrEnum):
    """What the handler found about one material of the item."""

    MISSING = "missing"  # 缺少
    NONCOMPLIANT = "noncompliant"  # 不符合要求
    SUBMITTED = "submitted"  # 已提交: not asked for again
    LISTED = "listed"  # a refusal lists the item's materials without judging them


PROBLEM_LABELS = {Problem.MISSING: "缺少", Problem.NONCOMPLIANT: "不符合要求", Problem.SUBMITTED: "已提交",
                  Problem.LISTED: "—"}
ASKED = (Problem.MISSING, Problem.NONCOMPLIANT)
REASON_MAX = 200
NOTE_MAX = 500
PREFIX_MAX = 12
COPIES = ("申请人留存联", "存档联")  # 一式两份: one for the applicant, one kept by the handler (S1 一次性告知 5)


def number(prefix: str, year: int, seq: int) -> str:
    """锦政服告〔2026〕第0001号: the center's prefix, the year in 六角括号, the year's sequence in four digits."""
    return f"{prefix}〔{year}〕第{seq:04d}号"


def default_prefix(center_name: str) -> str:
    """A center that has not set its prefix: the first character of its name and 政服告 (锦城新区政务服务中心 →
    锦政服告), the way offices abbreviate their documents' 发文字号."""
    first = next((ch for ch in center_name.strip() if not ch.isspace()), "")
    return f"{first}政服告" if first else "政服告"


_PREFIX_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")


def prefix_problem(prefix: str) -> str | None:
    if not prefix:
        return "请填写告知书编号前缀"
    if len(prefix) > PREFIX_MAX:
        return f"告知书编号前缀不能超过{PREFIX_MAX}个字"
    if not _PREFIX_RE.match(prefix):
        return "告知书编号前缀只能由汉字、字母和数字组成（年份和序号会自动加上）"
    return None


@dataclass(frozen=True)
class Finding:
    """One material the handler asks for again, with why."""

    material_id: int
    problem: Problem
    reason: str


def reason_text(problem: Problem, reason: str) -> str:
    """The status column of the notice: 缺少 / 不符合要求：… ."""
    label = PROBLEM_LABELS[problem]
    return f"{label}：{reason}" if reason else label


def finding_problem(problem: str, reason: str, *, name: str, row: int) -> tuple[str, str] | None:
    """(field, Chinese message) of a bad finding, naming the material and its row, or None.

    A missing material needs no more words (缺少 says it); a non-compliant one must say what is wrong with it."""
    where = f"第{row}项材料「{name}」"
    if problem not in ASKED:
        return "problem", f"{where}：请选择缺少或不符合要求"
    if problem == Problem.NONCOMPLIANT and not reason:
        return "reason", f"{where}：请填写不符合要求的具体原因"
    if len(reason) > REASON_MAX:
        return "reason", f"{where}：原因不能超过{REASON_MAX}个字"
    return None


def newly_asked(earlier: list[set[str]], current: set[str]) -> set[str]:
    """Materials a 补正 notice asks for that no earlier 补正 notice of the case named. After the first notice that
    is an omission: the first should have listed them (E3, S1 一次性告知 7)."""
    if not earlier:
        return set()
    named: set[str] = set().union(*earlier)
    return current - named
