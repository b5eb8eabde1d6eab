"""The report's figures against independent counts on the demo year: plain SQL written here (or the rows read and
counted in the test), never the report's own queries."""

import datetime as dt
from collections import Counter

from sqlalchemy import delete, select, text

from tests.reports.conftest import local_day
from xiaoneng.calendar import service as calendars
from xiaoneng.cases.models import Case
from xiaoneng.reports import figures_cases as fc
from xiaoneng.reports import figures_other as fo
from xiaoneng.reports import figures_ratings as fr
from xiaoneng.reports import rules

OCT = rules.parse_month("2026-10")


def _rows(db, sql, **params):
    return db.execute(text(sql), params).all()


def test_case_volume_online_and_extended_hours(db, center):
    cases = db.execute(select(Case.received_at, Case.origin, Case.department_id).where(Case.center_id == center.id))
    cal = calendars.get_calendar(db, center_id=center.id)
    local = [(c.received_at.astimezone(dt.timezone(dt.timedelta(hours=8))), c.origin, c.department_id)
             for c in cases]
    month = [c for c in local if OCT.start <= c[0].date() <= OCT.end]
    extended = [c for c in month if c[1] == "window" and rules.is_extended(
        c[0].hour * 60 + c[0].minute, cal.is_working_day(c[0].date()))]
    got = fc.totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert got.received == len(month) > 100
    assert got.online == sum(c[1] == "online" for c in month) > 0
    assert got.extended == len(extended) > 0  # the demo's window hours run from 9:00 to 16:30, lunch included
    by_department = {n.name: n.counts.received for n in fc.by_department(db, center_id=center.id, start=OCT.start,
                                                                          end=OCT.end)}
    names = dict(_rows(db, "SELECT id, name FROM department WHERE center_id = :c", c=center.id))
    assert by_department == dict(Counter(names[c[2]] for c in month))


def test_completions_on_time_and_overdue_at_the_end(db, center):
    done = _rows(db, "SELECT count(*), sum(CASE WHEN due_on IS NOT NULL AND completed_on > due_on THEN 1 ELSE 0 END) "
                     "FROM service_case WHERE center_id = :c AND status = 'completed' "
                     "AND completed_on BETWEEN :s AND :e", c=center.id, s=OCT.start, e=OCT.end)[0]
    got = fc.totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert (got.completed, got.late) == (done[0], done[1] or 0)
    assert got.on_time_rate == (done[0] - (done[1] or 0)) / done[0]
    rows = db.execute(select(Case.received_at, Case.due_on, Case.completed_on, Case.status)
                      .where(Case.center_id == center.id)).all()
    expected = sum(1 for r in rows if local_day(r.received_at) <= OCT.end and r.due_on is not None
                   and r.due_on < OCT.end and r.status != "rejected"
                   and (r.completed_on is None or r.completed_on > OCT.end))
    assert fc.open_overdue(db, center_id=center.id, ends=[OCT.end, rules.previous(OCT).end]) == [
        expected, sum(1 for r in rows if local_day(r.received_at) <= rules.previous(OCT).end and r.due_on is not None
                      and r.due_on < rules.previous(OCT).end and r.status != "rejected"
                      and (r.completed_on is None or r.completed_on > rules.previous(OCT).end))]


def test_ratings_by_department_with_and_without_defaults(db, center):
    rows = _rows(db, "SELECT d.name, count(r.id), sum(CASE WHEN r.is_default THEN 1 ELSE 0 END), "
                     "sum(CASE WHEN r.is_bad THEN 1 ELSE 0 END) FROM rating r JOIN department d ON d.id = r.department_id "
                     "WHERE r.center_id = :c AND r.rated_on BETWEEN :s AND :e GROUP BY d.name",
                 c=center.id, s=OCT.start, e=OCT.end)
    expected = {name: (n, int(defaults), int(bad)) for name, n, defaults, bad in rows}
    units = fr.by_department(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert {u.name: (u.counts.total, u.counts.defaults, u.counts.bad) for u in units if u.counts.total} == expected
    total = fr.totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert total.total == sum(v[0] for v in expected.values()) and total.defaults > 0
    given = _rows(db, "SELECT count(*), sum(CASE WHEN is_bad THEN 1 ELSE 0 END) FROM rating WHERE center_id = :c "
                      "AND rated_on BETWEEN :s AND :e AND NOT is_default", c=center.id, s=OCT.start, e=OCT.end)[0]
    assert total.satisfaction_given == (given[0] - given[1]) / given[0]
    assert total.satisfaction == (total.total - total.bad) / total.total


def test_bad_review_indicator_options(db, center):
    rows = _rows(db, "SELECT indicators FROM rating WHERE center_id = :c AND is_bad AND rated_on BETWEEN :s AND :e",
                 c=center.id, s=OCT.start, e=OCT.end)
    import json

    expected = Counter()
    for (indicators,) in rows:
        chosen = json.loads(indicators) if isinstance(indicators, str) else indicators
        for code, options in (chosen or {}).items():
            expected.update((code, o) for o in options)
    names = fr.indicator_names(db)
    got = fr.bad_options(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert sorted((i, o, n) for i, o, n in got) == sorted((names.get(c, c), o, n) for (c, o), n in expected.items())


def test_complaints_loop_and_inspection_findings(db, center):
    complaints = _rows(db, "SELECT count(*), sum(CASE WHEN answered_on_time THEN 1 ELSE 0 END) FROM complaint "
                           "WHERE center_id = :c AND received_on BETWEEN :s AND :e AND status <> 'merged'",
                       c=center.id, s=OCT.start, e=OCT.end)[0]
    got = fo.complaint_totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert (got.received, got.on_time) == (complaints[0], complaints[1] or 0) and got.received > 0
    loop = _rows(db, "SELECT count(*), sum(CASE WHEN status IN ('called_back', 'closed', 'excluded') THEN 1 ELSE 0 END) "
                     "FROM rectification WHERE center_id = :c AND received_on BETWEEN :s AND :e",
                 c=center.id, s=OCT.start, e=OCT.end)[0]
    counted = fo.loop_totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert (counted.received, counted.finished) == (loop[0], loop[1] or 0)
    findings = _rows(db, "SELECT count(*), sum(CASE WHEN closed_on <= :e THEN 1 ELSE 0 END) FROM inspection_finding "
                         "WHERE center_id = :c AND found_on BETWEEN :s AND :e", c=center.id, s=OCT.start, e=OCT.end)[0]
    found = fo.finding_totals(db, center_id=center.id, start=OCT.start, end=OCT.end)
    assert (found.found, found.closed) == (findings[0], findings[1] or 0) and found.found > 0


def test_the_monthly_trend_adds_up_to_the_months(db, center):
    months = rules.months_of(OCT)
    trend = fr.monthly(db, center_id=center.id, start=months[0].start, end=months[-1].end)
    for month in (months[0], months[5], months[-1]):
        assert trend[month.key].total == fr.totals(db, center_id=center.id, start=month.start, end=month.end).total
    volume = fc.monthly_volume(db, center_id=center.id, start=months[0].start, end=months[-1].end)
    assert volume["2026-10"][0] == fc.totals(db, center_id=center.id, start=OCT.start, end=OCT.end).received


def test_the_figures_are_the_same_with_and_without_the_rollup(db, center):
    """The trend reads the dashboards' rollup up to its mark and the ratings after it: the same report whether the
    rollup reaches past the period, stops inside it, or is not there at all."""
    from tests.reports.conftest import TODAY
    from xiaoneng.dashboards.models import DashboardRollup
    from xiaoneng.reports import content

    def made():
        db.expire_all()
        found = content.compose(db, center=center, period=OCT, today=TODAY, only={"cases", "ratings"})
        return [(s.key, s.sentences, s.metrics, s.tables, s.charts) for s in found.sections]

    state = db.get(DashboardRollup, center.id)
    assert state is not None and state.through >= OCT.end  # the demo year is rolled up
    full = made()
    state.through = dt.date(2026, 10, 15)
    db.flush()
    assert made() == full
    db.execute(delete(DashboardRollup).where(DashboardRollup.center_id == center.id))
    db.flush()
    assert made() == full
    trend = fr.monthly(db, center_id=center.id, start=OCT.start, end=OCT.end)
    bad = _rows(db, "SELECT count(*), sum(CASE WHEN is_bad THEN 1 ELSE 0 END), sum(CASE WHEN is_default THEN 1 "
                    "ELSE 0 END) FROM rating WHERE center_id = :c AND rated_on BETWEEN :s AND :e",
                c=center.id, s=OCT.start, e=OCT.end)[0]
    assert (trend[OCT.key].total, trend[OCT.key].bad, trend[OCT.key].defaults) == tuple(bad) and bad[1] > 0


def test_the_breaches_counted_are_those_the_breach_list_shows(db, center):
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.supervision import breaches as breach_list

    sep = rules.previous(OCT)
    (kinds, departments), (kinds_before, _) = fo.breaches(db, center_id=center.id, start=sep.start, end=OCT.end,
                                                          split=OCT.start)
    listed = breach_list.gather(db, actor=system_actor(center.id), start=sep.start, end=OCT.end)
    now = [b for b in listed if b.day >= OCT.start]
    assert kinds == Counter(b.kind_label for b in now) and sum(kinds.values()) > 0
    assert departments == Counter(b.department_name or "未分部门" for b in now)
    assert kinds_before == Counter(b.kind_label for b in listed if b.day < OCT.start)
    assert any(k.startswith("黄牌") or k.startswith("红牌") for k in kinds)
