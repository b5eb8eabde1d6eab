"""The dashboards' figures against independent counts of the demo's rows, with and without the rollup, scoped to
each role; the rollup's upkeep (late data, audit) and the panel hook."""

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select, text

from tests.dashboards.conftest import TODAY
from xiaoneng.audit.models import AuditRecord
from xiaoneng.dashboards import panels, rollup, service
from xiaoneng.dashboards.period import period_of
from xiaoneng.dashboards.rules import months_back
from xiaoneng.dashboards.shapes import Panel
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings.models import Rating

PERIOD = period_of(TODAY)


def _figures(board) -> dict[str, str]:
    return {f.label: f.value for p in board.panels for f in p.figures}


def _chart(board, key):
    return next(c for p in board.panels for c in p.charts if c.key == key)


def _ratings(db, where: str, **params):
    sql = ("SELECT count(*), sum(CASE WHEN is_default THEN 1 ELSE 0 END), sum(CASE WHEN level >= 4 THEN 1 ELSE 0 END),"
           " sum(CASE WHEN level >= 4 AND NOT is_default THEN 1 ELSE 0 END), sum(CASE WHEN is_bad THEN 1 ELSE 0 END)"
           f" FROM rating WHERE rated_on >= :start AND rated_on <= :end AND {where}")
    return [int(v or 0) for v in db.execute(text(sql), {"start": PERIOD.start, "end": PERIOD.end, **params}).one()]


def _received_by_month(db, where: str, **params) -> Counter:
    """Cases by the local month of receipt, counted here from the stored times."""
    rows = db.execute(text(f"SELECT received_at FROM service_case WHERE {where}"), params).scalars()
    months = Counter()
    for at in rows:
        at = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(at)
        local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(TZ).date()
        months[(local.year, local.month, local.day <= PERIOD.end.day or local.month != PERIOD.start.month)] += 1
    return months


def _pct(part, whole):
    return f"{part / whole * 100:.1f}%"


@pytest.mark.parametrize("rolled_up", [False, True], ids=["source", "rollup"])
def test_the_directors_month_matches_counts_of_the_rows(db, year, person, rolled_up):
    if rolled_up:
        rollup.refresh(db, today=TODAY)
    _, director = person("director")
    board = service.dashboard_for(db, actor=director, today=TODAY)
    figures = _figures(board)
    center = {"center": year.center.id}
    n, n_default, satisfied, satisfied_people, bad = _ratings(db, "center_id = :center", **center)
    assert n > 100 and n_default > 0
    assert figures["满意率（含默认好评）"] == _pct(satisfied, n)
    assert figures["满意率（不含默认好评）"] == _pct(satisfied_people, n - n_default)
    assert figures["差评率"] == _pct(bad, n)
    completed, on_time = db.execute(text(
        "SELECT count(*), sum(CASE WHEN completed_on <= due_on OR due_on IS NULL THEN 1 ELSE 0 END) FROM service_case"
        " WHERE center_id = :center AND status = 'completed' AND completed_on >= :start AND completed_on <= :end"),
        {**center, "start": PERIOD.start, "end": PERIOD.end}).one()
    assert figures["按时办结率"] == _pct(on_time, completed)
    received = _received_by_month(db, "center_id = :center", **center)
    assert figures["收件量"] == f"{received[(PERIOD.start.year, PERIOD.start.month, True)]:,}"
    open_loop = db.scalar(text("SELECT count(*) FROM rectification WHERE center_id = :center AND status IN "
                               "('open', 'contacted', 'rectifying', 'ledger')"), center)
    assert figures["待整改差评"] == f"{open_loop:,}"
    findings = db.scalar(text("SELECT count(*) FROM inspection_finding WHERE center_id = :center AND status IN "
                              "('open', 'answered')"), center)
    assert figures["未销号巡查问题"] == f"{findings:,}"


def test_the_trend_counts_each_month(db, year, person):
    _, director = person("director")
    board = service.dashboard_for(db, actor=director, today=TODAY)
    volume = _chart(board, "director-volume")
    received = _received_by_month(db, "center_id = :center", center=year.center.id)
    months = months_back(PERIOD.start, 12)
    expected = [sum(n for (y, m, _), n in received.items() if (y, m) == (first.year, first.month)
                    and (first != PERIOD.start or _)) for first in months]
    assert list(volume.series[0].values) == [float(v) for v in expected]
    satisfaction = _chart(board, "director-satisfaction")
    first = months[0]
    end = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1) - dt.timedelta(days=1)
    n = db.scalar(select(func.count()).where(Rating.center_id == year.center.id, Rating.rated_on >= first,
                                             Rating.rated_on <= end))
    good = db.scalar(select(func.count()).where(Rating.center_id == year.center.id, Rating.rated_on >= first,
                                                Rating.rated_on <= end, Rating.level >= 4))
    assert satisfaction.series[0].values[0] == round(good / n * 100, 2)


def test_the_rollup_gives_the_same_dashboards_as_the_source_tables(db, person):
    boards = {}
    for username in ("director", "head_scjg", "supervisor", "staff_scjg"):
        _, actor = person(username)
        boards[username] = service.dashboard_for(db, actor=actor, today=TODAY)
    assert rollup.refresh(db, today=TODAY) > 250  # the working days of the year
    for username, before in boards.items():
        _, actor = person(username)
        assert service.dashboard_for(db, actor=actor, today=TODAY) == before, username


def test_a_department_head_sees_only_their_department(db, person):
    head, actor = person("head_scjg")
    board = service.dashboard_for(db, actor=actor, today=TODAY)
    n, n_default, satisfied, _, bad = _ratings(db, "department_id = :d", d=head.department_id)
    figures = _figures(board)
    assert figures["满意率（含默认好评）"] == _pct(satisfied, n) and figures["本月差评"] == f"{bad:,}"
    staff_table = next(t for p in board.panels for t in p.tables if t.title == "工作人员本月明细")
    names = {r.cells[0] for r in staff_table.rows}
    colleagues = set(db.execute(text("SELECT full_name FROM staff WHERE department_id = :d"),
                                {"d": head.department_id}).scalars())
    assert names and names <= colleagues
    rated = db.execute(text("SELECT count(*) FROM rating WHERE department_id = :d AND rated_on >= :start AND "
                            "rated_on <= :end"), {"d": head.department_id, "start": PERIOD.start,
                                                  "end": PERIOD.end}).scalar()
    assert sum(int(r.cells[4].replace(",", "")) for r in staff_table.rows) == rated


def test_a_clerk_sees_only_their_own_work(db, person):
    clerk, actor = person("staff_scjg")
    board = service.dashboard_for(db, actor=actor, today=TODAY)
    n, n_default, _, _, bad = _ratings(db, "staff_id = :s", s=clerk.id)
    figures = _figures(board)
    assert figures["收到评价"] == f"{n:,}" and figures["收到差评"] == f"{bad:,}"
    received = _received_by_month(db, "handler_id = :s", s=clerk.id)
    assert figures["我的收件量"] == f"{received[(PERIOD.start.year, PERIOD.start.month, True)]:,}"


def test_the_supervisors_overdue_work_by_department(db, year, person):
    _, actor = person("supervisor")
    board = service.dashboard_for(db, actor=actor, today=TODAY)
    figures = _figures(board)
    overdue_cases = db.scalar(text("SELECT count(*) FROM service_case WHERE center_id = :c AND overdue AND status IN "
                                   "('received', 'accepted')"), {"c": year.center.id})
    assert figures["超期办件"] == f"{overdue_cases:,}"
    late_loop = db.scalar(text("SELECT count(*) FROM rectification WHERE center_id = :c AND current_due < :t AND "
                               "status IN ('open', 'contacted', 'rectifying', 'ledger')"),
                          {"c": year.center.id, "t": TODAY})
    assert figures["超期未整改差评"] == f"{late_loop:,}"
    table = next(t for p in board.panels for t in p.tables)
    assert sum(int(r.cells[-1]) for r in table.rows) == sum(
        int(figures[k].replace(",", "")) for k in ("超期办件", "超期未整改差评", "超期投诉", "超期巡查问题", "逾期未反馈督办"))


def test_a_late_rating_for_a_counted_day_is_counted_on_the_next_run_and_audited(db, year, person):
    rollup.refresh(db, today=TODAY)
    assert rollup.refresh(db, today=TODAY) == 0  # nothing new: no record either
    records = db.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "dashboards.rollup"))
    _, director = person("director")
    before = _figures(service.dashboard_for(db, actor=director, today=TODAY))
    template = db.scalar(select(Rating).where(Rating.center_id == year.center.id, Rating.is_default.is_(True),
                                              Rating.rated_on >= PERIOD.start).limit(1))
    late = Rating(center_id=template.center_id, department_id=template.department_id, staff_id=template.staff_id,
                  window_id=template.window_id, channel="default", level=4, is_default=True, rater_key="late-default",
                  rated_at=template.rated_at, rated_on=TODAY - dt.timedelta(days=3))
    db.add(late)
    db.flush()
    assert rollup.refresh(db, today=TODAY) == 1
    after = _figures(service.dashboard_for(db, actor=director, today=TODAY))
    n, _, satisfied, _, _ = _ratings(db, "center_id = :c", c=year.center.id)
    assert after["满意率（含默认好评）"] == _pct(satisfied, n) != before["满意率（含默认好评）"]
    assert db.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.action == "dashboards.rollup")) == records + 1


def test_a_registered_panel_shows_on_its_roles_dashboard_only(db, person):
    def warnings(session, *, actor, today):
        return Panel("未处理的预警", lines=(f"{today.month}月没有新的预警。",))

    panels.register("director", warnings)
    try:
        _, director = person("director")
        _, supervisor = person("supervisor")
        assert service.dashboard_for(db, actor=director, today=TODAY).panels[-1].title == "未处理的预警"
        assert all(p.title != "未处理的预警" for p in service.dashboard_for(db, actor=supervisor, today=TODAY).panels)
    finally:
        panels.unregister("director", warnings)


def test_the_admin_has_no_dashboard(db, person):
    _, admin = person("admin")
    assert service.dashboard_for(db, actor=admin, today=TODAY) is None
