"""The internal ranking (排名) of departments or staff as a spreadsheet, with the period, views and weights it was
computed with in its title (S0 art.13: internal only, like the page)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, period_text
from xiaoneng.rankings import rules, service

CHANGE_FORMAT = '+0;-0;0'
RATE_CHANGE_FORMAT = '+0.0%;-0.0%;0.0%'


def headers(by: str) -> list[str]:
    """The columns of the page and of its export, in order: the same for both."""
    return ["名次", service.BY[by], "综合得分", "评价数", "满意度", "差评数", "差评率", "回访整改率",
            "名次变化", "差评率变化"]


def columns(by: str) -> list[Column]:
    kinds = [("int", None), ("text", None), ("number", None), ("int", None), ("percent", None), ("int", None),
             ("percent", None), ("percent", None), ("int", CHANGE_FORMAT), ("percent", RATE_CHANGE_FORMAT)]
    return [Column(h, kind, width=22 if i == 1 else None, number_format=fmt)
            for i, (h, (kind, fmt)) in enumerate(zip(headers(by), kinds))]


def describe(ranking: service.Ranking) -> str:
    weights = "、".join(f"{rules.COMPONENT_LABELS[c]} {ranking.weights[c]:g}" for c in rules.COMPONENTS)
    return "；".join([period_text(ranking.start, ranking.end),
                     f"对比上期 {period_text(ranking.previous_start, ranking.previous_end)}",
                     f"少于 {ranking.min_sample} 条评价为样本不足、不排名",
                     "默认好评计入" if ranking.include_defaults else "默认好评不计入",
                     "申诉成立的差评计入" if ranking.include_excluded else "申诉成立的差评不计入", f"权重：{weights}"])


def _row(ranked: rules.Ranked) -> tuple:
    s, change = ranked.stats, ranked.change
    score = ranked.score if ranked.score is not None else rules.STANDING_LABELS[ranked.standing]
    return (ranked.rank or "—", s.name, score, s.ratings, ranked.components.get(rules.SATISFACTION), s.bad,
            s.bad_share, s.rectified_share if s.rectify_due else None,
            change.places if change else None, change.bad_share if change else None)


def sheet(session: Session, *, actor: Actor, by: str, start, end, include_defaults: bool,
          include_excluded: bool) -> Sheet:
    """The ranking the page shows for these choices, every unit of it."""
    ranking = service.rank(session, actor=actor, by=by, start=start, end=end, include_defaults=include_defaults,
                           include_excluded=include_excluded)
    title = f"{service.BY[by]}综合排名（{describe(ranking)}）导出于 {clock.now():%Y-%m-%d %H:%M}，仅供内部使用"
    return Sheet(name=f"{service.BY[by]}排名", title=title, columns=columns(by), rows=[_row(r) for r in ranking.rows])
