"""The words of a 提示函 or 督办函 on inspection findings: title and body paragraphs in the structure levels of
GB/T 9704 (一、 headings, （1） items), from the facts notices.py gathers. Pure: dates and the calendar's counts are
passed in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from xiaoneng.letters.rules import TITLE_MAX, cn_date

OFFICE = "效能监督科"  # who receives the units' reports, as the complaints' 催办通知书 name it


@dataclass(frozen=True)
class Item:
    """One finding as a letter names it."""
    line: str  # NoticeProblem.line(): day, point, indicator, what was found, a repeat
    number: str
    found_on: dt.date
    due_on: dt.date | None
    overdue_days: int = 0  # working days past the due day
    failed_reinspections: int = 0


def _period(items: Sequence[Item]) -> str:
    first, last = min(i.found_on for i in items), max(i.found_on for i in items)
    if first == last:
        return cn_date(first)
    tail = f"{last.month}月{last.day}日" if last.year == first.year else cn_date(last)
    return f"{cn_date(first)}至{tail}"


def _item(n: int, item: Item, urging: bool) -> str:
    facts = [f"问题编号 {item.number}"]
    if urging:
        if item.due_on:
            facts.append(f"整改期限{cn_date(item.due_on)}")
        if item.overdue_days:
            facts.append(f"已逾期{item.overdue_days}个工作日")
        if item.failed_reinspections:
            facts.append(f"复查{item.failed_reinspections}次未通过")
    return f"（{n}）{item.line.rstrip('。；;，,')}（{'，'.join(facts)}）。"


def title(subject: str, urging: bool) -> str:
    text = f"关于{subject}发现问题整改的督办函" if urging else f"关于{subject}发现问题的提示函"
    return text if len(text) <= TITLE_MAX else text[:TITLE_MAX - 4] + "…" + text[-3:]


def notice_body(items: Sequence[Item], deadline: dt.date) -> list[str]:
    """提示函: the problems, rectify by the latest due day, report in the platform; a 督办函 follows if not."""
    return [f"{_period(items)}，中心效能监督巡查发现你单位存在以下问题，现予提示。",
            "一、存在的问题。",
            *[_item(n, i, False) for n, i in enumerate(items, 1)],
            f"二、整改要求。请你单位高度重视，对照上述问题逐项整改，举一反三、建立长效机制，于{cn_date(deadline)}前整改到位。",
            f"三、反馈要求。请于{cn_date(deadline)}前在政务服务效能监督平台“巡查问题”中逐项反馈整改情况，中心将安排复查；"
            f"逾期未整改的，中心将发督办函督促整改。"]


def urge_body(items: Sequence[Item], today: dt.date, reply_by: dt.date) -> list[str]:
    """督办函: the problems still unrectified past their due day or after a failed re-inspection, rectify by
    `reply_by`; a 通报 and the annual assessment follow if not."""
    return [f"{_period(items)}，中心效能监督巡查发现你单位存在以下问题，截至{cn_date(today)}仍未整改到位，现予督办。",
            "一、未整改到位的问题。",
            *[_item(n, i, True) for n, i in enumerate(items, 1)],
            f"二、督办要求。请你单位主要负责人亲自督促，于{cn_date(reply_by)}前整改到位，并在政务服务效能监督平台“巡查问题”中"
            f"反馈整改情况，同时书面报送中心{OFFICE}。",
            "三、有关要求。逾期仍未整改到位的，中心将予以通报，并纳入年度效能考核。"]
