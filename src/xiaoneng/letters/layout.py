"""What a letter shows, element by element, in the order and with the measures of GB/T 9704-2012: the one source
both the DOCX and the PDF are drawn from. Pure: a Letter (or anything with its fields) in, a LetterDoc out."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from xiaoneng.letters import rules

# The page (5.2, 5.2.1): A4; the text block 156 × 225 mm, 37 mm from the top and 28 mm from the left edge.
PAGE_W, PAGE_H = 210.0, 297.0
TOP, LEFT, BLOCK_W, BLOCK_H = 37.0, 28.0, 156.0, 225.0
RIGHT, BOTTOM = PAGE_W - LEFT - BLOCK_W, PAGE_H - TOP - BLOCK_H  # 26 mm, 35 mm
LINES, CHARS = 22, 28  # 一般每面排 22 行，每行排 28 个字
LINE_MM = BLOCK_H / LINES  # 10.227 mm a line
PT_MM = 25.4 / 72
BODY_PT, TITLE_PT, NOTE_PT = 16.0, 22.0, 14.0  # 3号, 2号, 4号
# 28 characters of 3号 fill the 156 mm only when each advances 15.79 pt: the glyphs keep their 16 pt size and
# the characters are drawn 0.21 pt closer (the Word document grid does the same).
BODY_TRACKING_PT = BLOCK_W / PT_MM / CHARS - BODY_PT
ISSUER_TOP_MM = 35.0  # 发文机关标志: its top 35 mm below the top of the text block (7.2.4)
ISSUER_MAX_PT = 36.0
RULE_GAP_MM = 4.0  # the red rule 4 mm below the 发文字号 (7.2.7)
PAGE_NUMBER_GAP_MM = 7.0  # the page number's line 7 mm below the text block (7.5)
THICK_MM, THIN_MM = 0.35, 0.25  # 版记 rules (7.4.1)
TITLE_CHARS = int(BLOCK_W / PT_MM // TITLE_PT)  # 20 characters of 2号 a line


@dataclass(frozen=True)
class Paragraph:
    level: int  # 0 body, 1 一、 (黑体), 2 （一） (楷体)
    heading: str
    rest: str


@dataclass(frozen=True)
class LetterDoc:
    issuer: str  # 发文机关标志
    number: str  # 发文字号, or what a draft shows in its place
    title_lines: tuple[str, ...]
    addressee: str  # 主送机关, with its colon
    paragraphs: tuple[Paragraph, ...]
    attachments: tuple[str, ...]  # 附件说明: names, numbered when several
    signature: str  # 落款
    dated: str  # 成文日期
    copy_to: str  # 抄送 line, without the word 抄送
    printed_by: str
    printed: str  # 印发日期 followed by 印发
    draft: bool
    kind_label: str

    @property
    def issuer_pt(self) -> float:
        """The 发文机关标志's size: 36 pt, smaller when the name would not fit 150 mm of the line."""
        return min(ISSUER_MAX_PT, 150.0 / PT_MM / max(len(self.issuer), 1))


# Where a title may break without cutting a word: after a particle or a unit's name, or before a common noun.
BREAK_AFTER = "的于与和及、，科局处室委办所站心"
BREAK_BEFORE = ("关于", "问题", "情况", "工作", "事项", "有关", "进一步", "加强", "落实", "整改", "督办", "提示")
REACH = 5  # how far from the even split a break may move


def _cut(rest: str, target: int, per_line: int) -> int:
    best, best_score = target, None
    for at in range(max(1, target - REACH), min(len(rest) - 1, target + REACH, per_line) + 1):
        if rest[at - 1] in BREAK_AFTER or rest.startswith(BREAK_BEFORE, at):
            score = abs(at - target)
            if best_score is None or score < best_score:
                best, best_score = at, score
    return min(best, per_line)


def title_lines(title: str, per_line: int = TITLE_CHARS) -> tuple[str, ...]:
    """The title in lines of even length (7.3.1: 排列对称、长短适宜), each break moved to the nearest place that
    cuts no word (after 的, 于, a unit's 科 or 局; before 问题, 情况, 工作 ...) when one is near."""
    title = title.strip()
    count = math.ceil(len(title) / per_line) if title else 1
    lines, rest = [], title
    while count > 1:
        cut = _cut(rest, math.ceil(len(rest) / count), per_line)
        lines.append(rest[:cut])
        rest, count = rest[cut:], count - 1
        if len(rest) > per_line * count:  # a break moved early: the rest needs one more line
            count += 1
    lines.append(rest)
    return tuple(lines)


def _date(day: dt.date | None) -> str:
    return rules.cn_date(day) if day else ""


def document(letter, *, today: dt.date) -> LetterDoc:
    """The letter's elements; a draft shows where its number goes and today's date in place of the issue day."""
    draft = letter.status != rules.Status.ISSUED
    day = letter.dated_on or today
    return LetterDoc(
        issuer=letter.issuer, number="（印发时编号）" if draft else letter.number,
        title_lines=title_lines(letter.title), addressee=rules.addressee(letter.to_name),
        paragraphs=tuple(Paragraph(*rules.heading_split(p)) for p in letter.paragraphs),
        attachments=tuple(rules.attachment_lines(list(letter.attachments or []))),
        signature=letter.signature or letter.issuer, dated=_date(day),
        copy_to=rules.copy_line(list(letter.copy_to or [])),
        printed_by=letter.printed_by or letter.issuer, printed=f"{_date(letter.printed_on or day)}印发",
        draft=draft, kind_label=rules.KIND_LABELS[rules.Kind(letter.kind)])
