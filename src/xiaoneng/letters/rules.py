"""Official letters (GB/T 9704-2012 党政机关公文格式): kinds, states, the 发文字号, dates as the standard writes
them, the structure levels of the body, and what a letter's fields must satisfy. Pure: no database, no clock."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from xiaoneng.kit.fields import text_problem


class Kind(StrEnum):
    NOTICE = "notice"  # 提示函: a problem found, brought to the unit's attention
    URGE = "urge"  # 督办函: a matter the unit must settle by a date
    REMINDER = "reminder"  # 催办通知书: a complaint past its deadline
    BULLETIN = "bulletin"  # 通报: still open 5 working days later, told to everyone concerned


KIND_LABELS = {Kind.NOTICE: "提示函", Kind.URGE: "督办函", Kind.REMINDER: "催办通知书", Kind.BULLETIN: "通报"}

# The 发文字号 is numbered per center, kind and year, so each kind carries a word of its own after the issuer's
# 代字: 锦政服函〔2026〕3号 (提示函), 锦政服督函〔2026〕1号 (督办函).
KIND_WORDS = {Kind.NOTICE: "函", Kind.URGE: "督函", Kind.REMINDER: "催", Kind.BULLETIN: "通"}

# The kinds a supervisor writes by hand; the other two come from the complaints' deadlines.
HAND_WRITTEN = (Kind.NOTICE, Kind.URGE)


class Status(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"


STATUS_LABELS = {Status.DRAFT: "草稿", Status.ISSUED: "已印发"}

TITLE_MAX = 100
PARAGRAPH_MAX = 2000
PARAGRAPHS_MAX = 60
BODY_MAX = 20000
LINE_ITEM_MAX = 100  # one attachment's name, one 抄送 unit
LINE_ITEMS_MAX = 20
NAME_MAX = 100
PREFIX_MAX = 12


def letter_number(prefix: str, kind: Kind | str, year: int, serial: int) -> str:
    """发文字号 (7.2.5): the year in full inside 六角括号, the serial without 第 and without leading zeros, then 号."""
    return f"{prefix}{KIND_WORDS[Kind(kind)]}〔{year}〕{int(serial)}号"


def cn_date(day: dt.date) -> str:
    """成文日期 and 印发日期 (7.3.5.4): Arabic numerals, the year in full, month and day without a leading zero."""
    return f"{day.year}年{day.month}月{day.day}日"


def default_prefix(center_name: str) -> str:
    """A 发文机关代字 until the admin sets one: 锦城新区政务服务中心 → 锦政服."""
    name = (center_name or "").strip()
    if not name:
        return "政服"
    return name[0] + ("政服" if "政务服务" in name else name[1:3])


# Structure levels (7.3.3): 一、 in 黑体, （一） in 楷体, 1. and （1） in the body's 仿宋.
LEVEL_ONE = re.compile(r"^[一二三四五六七八九十百]+、")
LEVEL_TWO = re.compile(r"^（[一二三四五六七八九十百]+）")


def heading_split(paragraph: str) -> tuple[int, str, str]:
    """(level, heading, rest) of a body paragraph: level 1 or 2 when it opens with 一、 or （一）, the heading being
    the text up to and including its first 。 (all of it when there is none); level 0 and no heading otherwise."""
    for level, pattern in ((1, LEVEL_ONE), (2, LEVEL_TWO)):
        if pattern.match(paragraph):
            end = paragraph.find("。")
            if end == -1:
                return level, paragraph, ""
            return level, paragraph[:end + 1], paragraph[end + 1:]
    return 0, "", paragraph


def addressee(to_name: str) -> str:
    """主送机关 (7.3.2): the name followed by a full-width colon."""
    return to_name.rstrip("：:") + "："


def copy_line(units: list[str]) -> str:
    """抄送 (7.4.2): the units separated by 、 (the caller gives them in order), ending with 。."""
    return "、".join(u.rstrip("，,。、") for u in units) + "。" if units else ""


def attachment_lines(names: list[str]) -> list[str]:
    """附件说明 (7.3.4): 附件：名称 for one; 附件：1.名称 / 2.名称 for several; no punctuation after a name."""
    cleaned = [n.rstrip("。，,；;.") for n in names]
    if len(cleaned) == 1:
        return [cleaned[0]]
    return [f"{i}.{n}" for i, n in enumerate(cleaned, 1)]


def lines_problem(values: list[str], *, label: str, max_items: int = LINE_ITEMS_MAX,
                  max_len: int = LINE_ITEM_MAX) -> tuple[int, str] | None:
    """(1-based position, reason) of the first bad entry of a list field, or None."""
    if len(values) > max_items:
        return len(values), f"{label}最多 {max_items} 项"
    for i, value in enumerate(values, 1):
        problem = text_problem(value, label=f"{label}第 {i} 项", max_len=max_len)
        if problem:
            return i, problem
    return None


def paragraphs_problem(paragraphs: list[str]) -> str | None:
    """The Chinese reason a body is refused: none given, too many, or a paragraph too long (named by number)."""
    if not paragraphs:
        return "正文不能为空"
    if len(paragraphs) > PARAGRAPHS_MAX:
        return f"正文最多 {PARAGRAPHS_MAX} 段"
    for i, text in enumerate(paragraphs, 1):
        if len(text) > PARAGRAPH_MAX:
            return f"正文第 {i} 段不能超过 {PARAGRAPH_MAX} 个字符"
    if sum(len(p) for p in paragraphs) > BODY_MAX:
        return f"正文合计不能超过 {BODY_MAX} 个字符"
    return None


def split_lines(text: str) -> list[str]:
    """A textarea's lines, stripped, blank ones dropped: each line is one paragraph or one entry."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]  # strip() takes 全角空格 too


def source_link_problem(link: str) -> str | None:
    """A source record's link stays inside the platform: a path, never another site."""
    if not link:
        return None
    if not link.startswith("/") or link.startswith("//") or "\\" in link or len(link) > 300:
        return "来源链接应为本平台内的地址（以 / 开头）"
    return None
