"""Rankings from the database: both views of default ratings and appealed bad reviews, weights, scope."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.disclosure.data import make_hall, make_rating_row, make_rectification_row
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.rankings import service
from xiaoneng.ratings.models import RatingSettings

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
DAY = dt.date(2026, 3, 10)


@pytest.fixture
def hall(db):
    hall = make_hall(db)
    db.add(RatingSettings(center_id=hall.center.id, ranking_min_sample=1))
    db.flush()
    # 不动产登记科: two real 非常满意 and one default 满意.
    for level, default in ((5, False), (5, False), (4, True)):
        make_rating_row(db, department=hall.dept_a, level=level, rated_on=DAY, staff=hall.clerk_a,
                        is_default=default)
    # 市场监管科: three 非常满意, one bad review judged malicious on appeal, and one default 满意.
    for _ in range(3):
        make_rating_row(db, department=hall.dept_b, level=5, rated_on=DAY, staff=hall.clerk_b)
    appealed = make_rating_row(db, department=hall.dept_b, level=1, rated_on=DAY, staff=hall.clerk_b)
    make_rectification_row(db, appealed, status="excluded", excluded=True)
    make_rating_row(db, department=hall.dept_b, level=4, rated_on=DAY, staff=hall.clerk_b, is_default=True)
    # Outside the period: not counted.
    make_rating_row(db, department=hall.dept_a, level=1, rated_on=dt.date(2026, 4, 1), staff=hall.clerk_a)
    return hall


def _rows(ranking):
    return [(r.stats.name, r.rank, r.stats.ratings, r.stats.bad) for r in ranking.rows]


def test_counted_view_leaves_out_appeals_upheld(db, hall):
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END)
    assert _rows(ranking) == [("市场监管科", 1, 4, 0), ("不动产登记科", 2, 3, 0)]


def test_with_appeals_upheld_the_bad_review_counts(db, hall):
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END, include_excluded=True)
    assert _rows(ranking) == [("不动产登记科", 1, 3, 0), ("市场监管科", 2, 5, 1)]


def test_without_default_ratings(db, hall):
    ranking = service.rank(db, actor=actor_for(hall.director), start=START, end=END, include_defaults=False)
    rows = {r.stats.name: r for r in ranking.rows}
    assert rows["不动产登记科"].stats.ratings == 2 and rows["市场监管科"].stats.ratings == 3
    assert rows["不动产登记科"].components["satisfaction"] == 1.0


def test_weights_change_the_order(db, hall):
    admin = actor_for(hall.admin)
    service.update_weights(db, actor=admin, weights={"satisfaction": "1", "bad_rate": "0", "rectification": "0",
                                                      "volume": "0"})
    ranking = service.rank(db, actor=admin, start=START, end=END)
    # Mean level 14/3 against 19/4: the department with the default 满意 among fewer ratings falls behind.
    assert [r.stats.name for r in ranking.rows] == ["市场监管科", "不动产登记科"]
    service.update_weights(db, actor=admin, weights={"satisfaction": "0", "bad_rate": "0", "rectification": "0",
                                                      "volume": "1"})
    assert [r.stats.name for r in service.rank(db, actor=admin, start=START, end=END).rows][0] == "市场监管科"
    records = db.scalars(select(AuditRecord).where(AuditRecord.action == "ranking.weights")).all()
    assert len(records) == 2


def test_staff_ranking_names_staff_with_their_number(db, hall):
    ranking = service.rank(db, actor=actor_for(hall.supervisor), by="staff", start=START, end=END)
    assert [r.stats.name for r in ranking.rows] == [f"赵志强（{hall.clerk_b.staff_no}）",
                                                    f"李秀英（{hall.clerk_a.staff_no}）"]


def test_unrated_departments_are_listed_last(db, hall):
    from tests.fixtures.objects import make_department
    make_department(db, center=hall.center, name="社保服务科")
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END)
    assert (ranking.rows[-1].stats.name, ranking.rows[-1].score) == ("社保服务科", None)


def test_other_centers_are_not_counted(db, hall):
    other = make_hall(db)
    make_rating_row(db, department=other.dept_a, level=1, rated_on=DAY)
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END)
    assert sum(r.stats.ratings for r in ranking.rows) == 7


@pytest.mark.parametrize("role", ["clerk_a", "head_a"])
def test_department_roles_see_the_whole_centers_ranking(db, hall, role):
    # S0 art.13: published on the center's internal system, not only within one's own department.
    ranking = service.rank(db, actor=actor_for(getattr(hall, role)), start=START, end=END)
    assert _rows(ranking) == [("市场监管科", 1, 4, 0), ("不动产登记科", 2, 3, 0)]
    staff = service.rank(db, actor=actor_for(getattr(hall, role)), by="staff", start=START, end=END)
    assert len(staff.rows) == 2


@pytest.mark.parametrize("role", ["clerk_a", "head_a", "director", "supervisor"])
def test_only_the_admin_sets_the_minimum_sample(db, hall, role):
    with pytest.raises(Forbidden):
        service.update_min_sample(db, actor=actor_for(getattr(hall, role)), value="5")


def test_below_the_minimum_sample_units_are_listed_unranked_after_the_ranked(db, hall):
    admin = actor_for(hall.admin)
    assert service.update_min_sample(db, actor=admin, value="4") == 4
    ranking = service.rank(db, actor=admin, start=START, end=END)
    assert [(r.stats.name, r.rank, r.standing, r.score) for r in ranking.rows] == [
        ("市场监管科", 1, "ranked", ranking.rows[0].score), ("不动产登记科", None, "small_sample", None)]
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "ranking.min_sample")).one()
    assert '"after":4' in record.detail and '"before":1' in record.detail


def test_a_center_never_set_needs_ten_ratings(db):
    fresh = make_hall(db)
    for _ in range(9):
        make_rating_row(db, department=fresh.dept_a, level=5, rated_on=DAY, staff=fresh.clerk_a)
    for _ in range(10):
        make_rating_row(db, department=fresh.dept_b, level=3, rated_on=DAY, staff=fresh.clerk_b)
    ranking = service.rank(db, actor=actor_for(fresh.clerk_a), start=START, end=END)
    assert ranking.min_sample == 10
    assert [(r.stats.name, r.rank, r.standing) for r in ranking.rows] == [
        ("市场监管科", 1, "ranked"), ("不动产登记科", None, "small_sample")]


@pytest.mark.parametrize("value, message", [
    ("", "请填写最少评价数"), ("0", "最少评价数不能小于 1"), ("2.5", "最少评价数须为正整数"),
    ("-3", "最少评价数须为正整数"), ("十", "最少评价数须为正整数"), ("10001", "最少评价数不能大于 10000"),
])
def test_bad_minimum_sample_changes_nothing(db, hall, value, message):
    admin = actor_for(hall.admin)
    with pytest.raises(ValidationFailed) as exc:
        service.update_min_sample(db, actor=admin, value=value)
    assert (exc.value.field, exc.value.message) == ("min_sample", message)
    assert service.get_min_sample(db, actor=admin) == 1


def test_change_against_the_previous_month(db, hall):
    # February (the whole month before March): 不动产登记科 first with a perfect record, 市场监管科 second with
    # one bad review of two.
    feb = dt.date(2026, 2, 12)
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=feb, staff=hall.clerk_a)
    make_rating_row(db, department=hall.dept_b, level=5, rated_on=feb, staff=hall.clerk_b)
    make_rating_row(db, department=hall.dept_b, level=2, rated_on=feb, staff=hall.clerk_b)
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END)
    assert (ranking.previous_start, ranking.previous_end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    changes = {r.stats.name: (r.change.previous_rank, r.change.places, round(r.change.bad_share, 3))
               for r in ranking.rows}
    assert changes == {"市场监管科": (2, 1, -0.5), "不动产登记科": (1, -1, 0.0)}


def test_no_change_for_a_unit_unranked_in_the_previous_period(db, hall):
    ranking = service.rank(db, actor=actor_for(hall.supervisor), start=START, end=END)
    assert [r.change for r in ranking.rows] == [None, None]


def test_only_the_admin_sets_weights(db, hall):
    with pytest.raises(Forbidden):
        service.update_weights(db, actor=actor_for(hall.director), weights={"satisfaction": "1"})


@pytest.mark.parametrize("weights, field, message", [
    ({"satisfaction": "-0.5"}, "satisfaction", "满意度权重不能为负数"),
    ({"satisfaction": "0", "volume": "0"}, "satisfaction", "各项权重不能全部为零"),
    ({"volume": "很多"}, "volume", "服务量权重须为数字"),
])
def test_bad_weights_change_nothing(db, hall, weights, field, message):
    admin = actor_for(hall.admin)
    with pytest.raises(ValidationFailed) as exc:
        service.update_weights(db, actor=admin, weights=weights)
    assert (exc.value.field, exc.value.message) == (field, message)
    assert service.get_weights(db, actor=admin) == {"satisfaction": 0.5, "bad_rate": 0.2, "rectification": 0.2,
                                                    "volume": 0.1}


@pytest.mark.parametrize("start, end, field", [
    (None, END, "start"), (END, START, "end"), (dt.date(2025, 1, 1), dt.date(2026, 3, 1), "end"),
])
def test_bad_period(db, hall, start, end, field):
    with pytest.raises(ValidationFailed) as exc:
        service.rank(db, actor=actor_for(hall.supervisor), start=start, end=end)
    assert exc.value.field == field
