"""Monthly plans made with the solver: every point and frequency covered, working days only across the 2026
holidays and make-up days, budgets and the inspectors' approved leave respected, a month that cannot be planned
explained in Chinese with nothing stored, a month planned again until its first record."""

import datetime as dt
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from xiaoneng.calendar import service as calendars
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.errors import Conflict
from xiaoneng.inspections import catalogue, plans, rules, setup
from xiaoneng.inspections.models import Plan, Visit
from xiaoneng.inspections.planning import PlanInfeasible
from xiaoneng.inspections.solver import SolverLimits
from xiaoneng.org.models import ServicePointType as T

D = dt.date
FAST = SolverLimits(seconds=5)


def _visits(db, plan) -> list[Visit]:
    return list(db.scalars(select(Visit).where(Visit.plan_id == plan.id).order_by(Visit.day, Visit.id)))


def _leave(db, staff, start: D, start_half: int, end: D, end_half: int) -> None:
    db.add(Absence(center_id=staff.center_id, department_id=staff.department_id, staff_id=staff.id, kind="vacation",
                   start_date=start, start_half=start_half, end_date=end, end_half=end_half, working_days=1,
                   status=AbsenceStatus.APPROVED))
    db.flush()


def test_a_month_covers_every_point_and_every_frequency(db, world):
    plan = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    visits = _visits(db, plan)
    work = calendars.get_calendar(db, center_id=world.center.id)
    weeks = rules.week_groups(rules.month_days(D(2026, 11, 1), work.is_working_day))
    by_point = defaultdict(list)
    for v in visits:
        by_point[v.point_id].append(v)
        assert work.is_working_day(v.day) and v.day.month == 11
    assert set(by_point) == {p.id for p in world.points}
    hall_days = {v.day for v in by_point[world.hall.id]}
    assert all(hall_days & set(week) for week in weeks)  # a weekly indicator: the hall every working week
    codes = {i.id: (i.code, i.frequency) for i in catalogue.indicators(db, center_id=world.center.id)}
    for point in world.points:
        mine = sorted(by_point[point.id], key=lambda v: v.day)
        checked = [{codes[i][0] for i in v.indicator_ids} for v in mine]
        active = catalogue.indicators(db, center_id=world.center.id, point_type=point.point_type, active_only=True)
        for indicator in active:
            times = sum(indicator.code in c for c in checked)
            if indicator.frequency == rules.Frequency.ROUTINE:
                assert times == len(mine)
            elif indicator.frequency == rules.Frequency.WEEKLY:
                assert times == len(weeks)
            elif indicator.frequency == rules.Frequency.MONTHLY:
                assert indicator.code in checked[0] and times == 1
    assert sum(v.halves for v in visits) == plan.spent_halves == 6 * 2 + 2 * 2 + 3 + 1  # the whole budget
    assert plan.optimal and plan.street_days == plan.street_days_bound
    # Points of the street on as few days as the budget allows: its center twice, everything else with one.
    street_days = {v.day for v in visits if v.point_id != world.hall.id}
    assert len(street_days) == 2
    per_day = defaultdict(int)
    for v in visits:
        per_day[v.inspector_id, v.day] += v.halves
    assert max(per_day.values()) <= 2


@pytest.mark.parametrize(("month", "closed"), [
    (D(2026, 10, 1), [D(2026, 10, d) for d in range(1, 8)]),
    (D(2026, 2, 1), [D(2026, 2, d) for d in range(15, 24)]),
    (D(2026, 1, 1), [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]),
])
def test_only_working_days_of_the_calendar(db, world, month, closed):
    plan = plans.make_plan(db, actor=world.actor, month=month, limits=FAST)
    work = calendars.get_calendar(db, center_id=world.center.id)
    days = {v.day for v in _visits(db, plan)}
    assert days and all(work.is_working_day(d) for d in days) and not days & set(closed)
    assert all(d.weekday() < 5 or d in (D(2026, 10, 10), D(2026, 2, 14), D(2026, 2, 28), D(2026, 1, 4))
               for d in days)


def test_a_center_holiday_override_is_respected(db, world):
    calendars.add_override(db, actor=_admin(db, world), day=D(2026, 11, 20), working=False, reason="区运动会")
    plan = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    assert D(2026, 11, 20) not in {v.day for v in _visits(db, plan)}


def _admin(db, world):
    from tests.fixtures.objects import make_staff
    from xiaoneng.auth.rules import Role
    from xiaoneng.auth.service import actor_for

    return actor_for(make_staff(db, role=Role.ADMIN, center=world.center))


def test_approved_leave_is_respected(db, world):
    # 钱进 away the first two weeks, 赵敏 on the afternoon of 18 November: nobody can take a whole-day visit then.
    _leave(db, world.inspector, D(2026, 11, 2), 0, D(2026, 11, 13), 1)
    _leave(db, world.supervisor, D(2026, 11, 18), 1, D(2026, 11, 18), 1)
    plan = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    visits = _visits(db, plan)
    assert not [v for v in visits if v.inspector_id == world.inspector.id and v.day <= D(2026, 11, 13)]
    on_18th = [v for v in visits if v.day == D(2026, 11, 18)]
    assert all(v.inspector_id == world.inspector.id or v.halves == 1 for v in on_18th)
    assert sum(v.halves for v in on_18th if v.inspector_id == world.supervisor.id) <= 1
    assert plan.summary["leave"] == 10 * 2 + 1


def test_a_budget_too_small_is_explained_and_nothing_stored(db, world):
    setup.update_budget(db, actor=world.actor, point_type=T.DISTRICT_HALL, person_days_a_month="3", visit_days="1")
    setup.update_budget(db, actor=world.actor, point_type=T.COMMUNITY_ROOM, person_days_a_month="1",
                        visit_days="0.5")
    with pytest.raises(PlanInfeasible) as e:
        plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    message = e.value.message
    assert "区级大厅 1 个点位本月每周巡查一次（本月 4 个工作周）共需 4 人天，每月人天只有 3 人天，缺 1 人天" in message
    assert "社区便民服务室 3 个点位本月至少巡查一次共需 1.5 人天，每月人天只有 1 人天，缺 0.5 人天" in message
    assert [s.lacking_halves for s in e.value.shortages] == [2, 1]
    assert db.scalar(select(func.count()).select_from(Plan)) == 0
    assert db.scalar(select(func.count()).select_from(Visit)) == 0


def test_inspectors_short_of_time_are_explained(db, world):
    setup.set_inspector(db, actor=world.actor, staff_id=world.inspector.id, active=False)
    _leave(db, world.supervisor, D(2026, 11, 2), 0, D(2026, 11, 27), 1)  # only 30 November left
    with pytest.raises(PlanInfeasible) as e:
        plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    # 4 weekly hall visits (4 person-days), the street center (1), three rooms and the kiosk (2 in halves).
    assert "巡查人员本月可用 1 人天（已扣除请假），至少需要 7 人天，缺 6 人天" in e.value.message
    assert "11月2日至11月6日这一周须巡查 1 个每周必查的点位，巡查人员整天在岗只有 0 人天，缺 1 人天" in e.value.message


def test_a_weekly_point_needs_someone_free_all_day_in_each_week(db, world):
    setup.set_inspector(db, actor=world.actor, staff_id=world.inspector.id, active=False)
    for day in range(16, 21):  # the third week: 赵敏 only in the mornings
        _leave(db, world.supervisor, D(2026, 11, day), 1, D(2026, 11, day), 1)
    with pytest.raises(PlanInfeasible, match="11月16日至11月20日这一周须巡查 1 个每周必查的点位，巡查人员整天在岗只有 0 人天"):
        plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)


def test_half_yearly_checks_once_in_each_half_year(db, world):
    codes = {i.id: i.code for i in catalogue.indicators(db, center_id=world.center.id)}
    half_yearly = {i.code for i in catalogue.indicators(db, center_id=world.center.id)
                   if i.frequency == rules.Frequency.HALF_YEARLY}
    seen = defaultdict(list)
    for month in range(1, 7):
        plan = plans.make_plan(db, actor=world.actor, month=D(2026, month, 1), limits=FAST)
        for v in _visits(db, plan):
            for i in v.indicator_ids:
                if codes[i] in half_yearly:
                    seen[v.point_id, codes[i]].append(month)
    assert {key: len(months) for key, months in seen.items()} == {
        (p.id, code): 1 for p in world.points for code in half_yearly}
    assert len({months[0] for months in seen.values()}) > 1  # spread over the half year


def test_a_month_is_planned_again_until_its_first_record(db, world):
    first = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    again = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    assert again.id == first.id and db.scalar(select(func.count()).select_from(Visit)) == len(_visits(db, again))
    visit = _visits(db, again)[0]
    db.execute(Visit.__table__.update().where(Visit.id == visit.id).values(status=rules.VisitStatus.RECORDED))
    with pytest.raises(Conflict, match="已有 1 次巡查记录，不能重新排定"):
        plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)


def test_the_plan_as_csv_rows(db, world):
    plan = plans.make_plan(db, actor=world.actor, month=D(2026, 11, 1), limits=FAST)
    rows = list(plans.csv_rows(db, actor=world.actor, plan=plan))
    assert len(rows) == len(_visits(db, plan))
    day, code, point_type, inspector, indicators, person_days = rows[0]
    assert D.fromisoformat(day).month == 11 and inspector in ("赵敏", "钱进")
    assert code in {p.code for p in world.points} and point_type in {p.point_type for p in world.points}
    assert all(c.startswith(("A", "B")) for c in indicators.split(";")) and person_days in ("1", "0.5")
