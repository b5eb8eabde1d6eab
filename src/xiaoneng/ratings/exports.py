"""The ratings list (评价) as a spreadsheet: every rating the page's filters match, in the actor's scope, as people
read it (labels, names, local times), rater contacts masked unless the role holds personal.read (C6)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.kit import clock
from xiaoneng.kit.masking import mask_name, mask_phone
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, period_text, yes_no
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings.rules import CHANNEL_LABELS, FLAG_LABELS, LEVEL_LABELS, Channel, Flag, Level

BATCH = 1000
COLUMNS = [
    Column("评价时间", "datetime"), Column("评价等级"), Column("差评"), Column("默认评价"), Column("评价渠道", width=14),
    Column("点评来源", width=12), Column("科室", width=16), Column("窗口", width=16), Column("工作人员"),
    Column("事项", width=24), Column("办件编号", width=18), Column("实名"), Column("评价人"), Column("联系电话", width=14),
    Column("评价内容", width=50), Column("异常标记", width=24),
]


def _label(table: dict, enum, value) -> str:
    try:
        return table[enum(value)]
    except (KeyError, ValueError):
        return str(value)


def describe(filters: dict) -> str:
    """The filters of the list in words, for the title row."""
    parts = [period_text(filters.get("start"), filters.get("end"))]
    if filters.get("level"):
        parts.append(f"等级：{_label(LEVEL_LABELS, Level, filters['level'])}")
    if filters.get("channel"):
        parts.append(f"渠道：{_label(CHANNEL_LABELS, Channel, filters['channel'])}")
    if filters.get("q"):
        parts.append(f"搜索：{filters['q']}")
    if filters.get("department_id") or filters.get("window_id") or filters.get("staff_id"):
        parts.append("按科室、窗口或工作人员筛选")
    if filters.get("bad_only"):
        parts.append("仅差评")
    if filters.get("flagged"):
        parts.append("仅异常")
    parts.append("含默认好评" if filters.get("include_default", True) else "不含默认好评")
    return "；".join(parts)


def _row(found, personal: bool) -> tuple:
    r = found.Rating
    rater = (r.rater_name if personal else mask_name(r.rater_name)) if r.real_name else "匿名"
    phone = (r.rater_phone if personal else mask_phone(r.rater_phone)) if r.real_name else ""
    return (r.rated_at, _label(LEVEL_LABELS, Level, r.level), yes_no(r.is_bad), yes_no(r.is_default),
            _label(CHANNEL_LABELS, Channel, r.channel), r.social_source, found.department, found.window, found.staff,
            found.item, found.case_number, yes_no(r.real_name), rater, phone, r.comment,
            "、".join(_label(FLAG_LABELS, Flag, f) for f in r.flags or []))


def sheet(session: Session, *, actor: Actor, filters: dict) -> Sheet:
    """Every rating of the list with these filters (those of `views.list_filters`), newest first."""
    actor.require("ratings.read")
    personal = actor.can("personal.read")
    stmt = repo.with_names(repo.ratings(actor=actor, **filters)).execution_options(yield_per=BATCH)
    rows = (_row(found, personal) for found in session.execute(stmt))
    title = f"评价列表（{describe(filters)}）导出于 {clock.now():%Y-%m-%d %H:%M}"
    return Sheet(name="评价", title=title, columns=COLUMNS, rows=rows)
