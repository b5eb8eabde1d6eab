"""The public disclosure of S0 art.12: per-department evaluation counts and bad reviews with their rectification."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xiaoneng.disclosure import repository as repo
from xiaoneng.disclosure import rules
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import CHANNEL_LABELS, LEVEL_LABELS, Channel, Level
from xiaoneng.rectification.rules import STATUS_LABELS, Status

LEVELS = [Level(v) for v in sorted((int(level) for level in Level), reverse=True)]


@dataclass
class DepartmentCounts:
    name: str
    by_level: dict[int, int] = field(default_factory=dict)
    defaults: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_level.values())

    @property
    def bad(self) -> int:
        return sum(n for level, n in self.by_level.items() if Level(level).is_bad)

    @property
    def good_share(self) -> float | None:
        """Share of 非常满意, 满意 and 基本满意 among all ratings."""
        return None if not self.total else (self.total - self.bad) / self.total


@dataclass(frozen=True)
class PublicBadReview:
    rated_on: dt.date
    level: str
    channel: str
    item: str
    department: str
    window: str
    comment: str
    status: str
    measures: str


@dataclass(frozen=True)
class DisclosurePage:
    center_name: str
    center_code: str
    period: rules.Period
    periods: list[rules.Period]
    through: dt.date
    departments: list[DepartmentCounts]
    total: DepartmentCounts
    bad_reviews: list[PublicBadReview]  # one page of them, newest first
    bad_total: int = 0  # bad reviews listed over every page
    page: int = 1
    pages: int = 1


def _label(labels: dict, enum, value, default: str = "") -> str:
    try:
        return labels[enum(value)]
    except (ValueError, KeyError):
        return default


def public_ratings(session: Session, *, center_code: str, month: str | None, today: dt.date,
                   page: str | None = None) -> DisclosurePage:
    """The disclosure of one month for a center, its bad reviews 20 to a page; NotFound when the center does not
    publish. Without a month it opens on rules.opening_period (the month the rankings open on too)."""
    center = org.find_center_by_code(session, actor=system_actor(), code=center_code)
    if center is None or not center.active:
        raise NotFound("该中心未开通评价公开")
    settings = ratings.rating_settings(session, center_id=center.id)
    if not settings.public_disclosure:
        raise NotFound("该中心未开通评价公开")
    delay = settings.disclosure_delay_days or 0
    withheld = list(settings.withheld_item_ids or [])
    if month:
        period = rules.parse_month(month)
        if period is None:
            raise ValidationFailed("月份格式应为“年-月”，例如 2026-03", field="month")
    else:
        period = rules.opening_period(today, delay)
    through = min(period.last, rules.published_through(today, delay))
    actor = system_actor(center.id)

    departments: dict[int | None, DepartmentCounts] = {}
    total = DepartmentCounts(name="合计")
    if through >= period.first:
        for dept_id, dept_name, level, is_default, count in repo.level_counts(
                session, actor=actor, start=period.first, end=through, withheld_item_ids=withheld):
            row = departments.setdefault(dept_id, DepartmentCounts(name=dept_name or "中心"))
            for target in (row, total):
                target.by_level[level] = target.by_level.get(level, 0) + count
                if is_default:
                    target.defaults += count
        bad_total = repo.count_bad_reviews(session, actor=actor, start=period.first, end=through,
                                           withheld_item_ids=withheld)
        pages = max(1, -(-bad_total // rules.BAD_REVIEWS_PER_PAGE))
        page_no = rules.page_number(page, pages)
        bad = repo.bad_reviews(session, actor=actor, start=period.first, end=through, withheld_item_ids=withheld,
                               limit=rules.BAD_REVIEWS_PER_PAGE, offset=(page_no - 1) * rules.BAD_REVIEWS_PER_PAGE)
    else:
        bad, bad_total, pages, page_no = [], 0, 1, 1
    reviews = [
        PublicBadReview(
            rated_on=r.rated_on, level=_label(LEVEL_LABELS, Level, r.level), channel=_label(CHANNEL_LABELS, Channel, r.channel),
            item=r.item_name or "", department=r.department_name or "", window=r.window_name or "",
            comment=rules.scrub(r.comment, names=(r.rater_name, r.staff_name or "")),
            status=_label(STATUS_LABELS, Status, r.status, default="待处理"),
            measures=rules.scrub(r.explanation if r.path == "explained" and r.explanation else r.measures,
                                 names=(r.rater_name, r.staff_name or "")),
        )
        for r in bad
    ]
    return DisclosurePage(
        center_name=center.name, center_code=center.code, period=period,
        periods=rules.recent_periods(today, delay), through=through,
        departments=sorted(departments.values(), key=lambda d: (-d.total, d.name)), total=total, bad_reviews=reviews,
        bad_total=bad_total, page=page_no, pages=pages,
    )
