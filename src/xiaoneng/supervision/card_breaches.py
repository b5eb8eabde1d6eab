"""The cards as breaches for the supervisors' list (supervision/breaches.py): a yellow card is a step that ran over
its share of the period, a red card a case that ran over its period."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy.orm import Session

from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.scope import Actor
from xiaoneng.supervision import cards
from xiaoneng.supervision.rules import CardColor

KINDS = {"yellow_card": "黄牌（环节超时）", "red_card": "红牌（办件超期）"}


def _day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _summary(card: cards.Card) -> str:
    late = f"超时 {card.days_late} 个工作日" if card.days_late else "超时"
    still = "，仍未完成" if card.completed_on is None else ""
    if card.color == CardColor.YELLOW:
        return (f"办件 {card.number}（{card.item}）“{card.step_name}”环节{late}（应于{_day(card.due_on)}前完成）"
                f"{still}")
    return f"办件 {card.number}（{card.item}）{late}（应于{_day(card.due_on)}前办结）{still}"


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    found = cards.all_cards(session, actor=actor, filters=cards.Filters(start=start, end=end, sort="due",
                                                                        descending=False))
    return [Breach(kind=f"{c.color}_card", kind_label=KINDS[f"{c.color}_card"], day=c.due_on, center_id=c.center_id,
                   department_id=c.department_id, department_name=c.department, staff_id=c.handler_id,
                   staff_name=c.handler, summary=_summary(c), link=f"/cases/{c.case_id}") for c in found]


def breach_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> Counter:
    """{(day, kind label, department name): breaches} of `breaches`, counted in the database."""
    found = cards.counts(session, actor=actor, filters=cards.Filters(start=start, end=end, sort="due"))
    return Counter({(day, KINDS[f"{color}_card"], department): n for (day, color, department), n in found.items()})
