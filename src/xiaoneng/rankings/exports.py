"""The internal ranking (排名) of departments or staff as a spreadsheet, with the period, views and weights it was
computed with in its title (S0 art.13: internal only, like the page)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, period_text
from xiaoneng.rankings import rules, service

COMPONENT_FORMAT = "0.000"


def columns(by: str) -> list[Column]:
    return [
        Column("名次", "int"), Column(service.BY[by], width=22), Column("综合得分", "number"), Column("评价数", "int"),
        Column("平均等级", "number"), Column("差评数", "int"), Column("差评率", "percent"),
        Column("应回访整改", "int"), Column("已回访整改", "int"),
        *(Column(rules.COMPONENT_LABELS[c], "number", number_format=COMPONENT_FORMAT) for c in rules.COMPONENTS),
    ]


def describe(ranking: service.Ranking) -> str:
    weights = "、".join(f"{rules.COMPONENT_LABELS[c]} {ranking.weights[c]:g}" for c in rules.COMPONENTS)
    return "；".join([period_text(ranking.start, ranking.end),
                     "默认好评计入" if ranking.include_defaults else "默认好评不计入",
                     "申诉成立的差评计入" if ranking.include_excluded else "申诉成立的差评不计入", f"权重：{weights}"])


def _row(ranked: rules.Ranked) -> tuple:
    s = ranked.stats
    return (ranked.rank or "—", s.name, ranked.score if ranked.score is not None else "无评价", s.ratings,
            s.mean_level, s.bad, s.bad_share, s.rectify_due, s.rectified,
            *(ranked.components.get(c) for c in rules.COMPONENTS))


def sheet(session: Session, *, actor: Actor, by: str, start, end, include_defaults: bool,
          include_excluded: bool) -> Sheet:
    """The ranking the page shows for these choices, every unit of it."""
    ranking = service.rank(session, actor=actor, by=by, start=start, end=end, include_defaults=include_defaults,
                           include_excluded=include_excluded)
    title = f"{service.BY[by]}综合排名（{describe(ranking)}）导出于 {clock.now():%Y-%m-%d %H:%M}，仅供内部使用"
    return Sheet(name=f"{service.BY[by]}排名", title=title, columns=columns(by), rows=[_row(r) for r in ranking.rows])
