"""The public disclosure page: no sign-in, masked personal data, withheld items and records left out."""

import datetime as dt

import pytest

from tests.disclosure.data import make_case_row, make_hall, make_rating_row, make_rectification_row
from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.ratings.models import RatingSettings

TODAY = DEFAULT_NOW.date()
DAY = TODAY - dt.timedelta(days=1) if TODAY.day > 1 else TODAY
MONTH = f"{DAY.year:04d}-{DAY.month:02d}"


@pytest.fixture
def hall(db):
    return make_hall(db)


def _url(hall, month=MONTH):
    return f"/public/{hall.center.code}/ratings?month={month}"


def test_page_needs_no_sign_in_and_sets_no_cookie(db, hall, client):
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=DAY, item=hall.item_a)
    response = client.get(_url(hall), headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "政务服务“好差评”公开" in response.text and "不动产登记科" in response.text
    assert "set-cookie" not in response.headers


def test_personal_data_never_appears(db, hall, client):
    case = make_case_row(db, item=hall.item_a, window=hall.window_a, handler=hall.clerk_a, received_on=DAY,
                         completed_on=DAY, applicant_name="张伟", applicant_phone="13912345678",
                         applicant_id_number="510107198805061238")
    rating = make_rating_row(
        db, department=hall.dept_a, level=1, rated_on=DAY, item=hall.item_a, window=hall.window_a,
        staff=hall.clerk_a, case=case, real_name=True, rater_name="张伟", rater_phone="13912345678",
        comment="我是张伟，李秀英让我跑了三趟，电话13812345678，身份证110101199003071234，邮箱zw@example.com",
    )
    make_rectification_row(db, rating, status="fed_back", measures="已约谈李秀英，回访电话028-85123456")
    page = client.get(_url(hall), headers={"accept": "text/html"}).text
    for secret in ("张伟", "13912345678", "13812345678", "110101199003071234", "510107198805061238",
                   "zw@example.com", "李秀英", "85123456"):
        assert secret not in page
    assert "跑了三趟" in page and "已整改反馈" in page and "不动产1号窗口" in page and "非常不满意" in page
    assert "已约谈李**" in page


def test_withheld_items_and_records_are_left_out(db, hall, client):
    db.add(RatingSettings(center_id=hall.center.id, withheld_item_ids=[hall.item_b.id]))
    db.flush()
    make_rating_row(db, department=hall.dept_b, level=2, rated_on=DAY, item=hall.item_b, comment="涉密事项的差评")
    make_rating_row(db, department=hall.dept_b, level=5, rated_on=DAY, item=hall.item_b)
    kept_off = make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a,
                               comment="不公开的整改")
    make_rectification_row(db, kept_off, withheld=True)
    malicious = make_rating_row(db, department=hall.dept_a, level=1, rated_on=DAY, item=hall.item_a,
                                comment="恶意差评内容")
    make_rectification_row(db, malicious, status="excluded", excluded=True)
    shown = make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a, comment="排队太久")
    make_rectification_row(db, shown, status="rectifying")
    page = client.get(_url(hall), headers={"accept": "text/html"}).text
    assert "排队太久" in page and "整改中" in page
    for absent in ("涉密事项的差评", "个体工商户设立登记", "市场监管科", "不公开的整改", "恶意差评内容"):
        assert absent not in page


def test_ratings_wait_for_the_disclosure_delay(db, hall, client):
    db.add(RatingSettings(center_id=hall.center.id, disclosure_delay_days=400))
    db.flush()
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a, comment="延迟公开的评价")
    page = client.get(_url(hall), headers={"accept": "text/html"}).text
    assert "延迟公开的评价" not in page and "本月评价尚未到公开时间" in page


def test_counts_per_department_with_defaults(db, hall, client):
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=DAY, item=hall.item_a)
    make_rating_row(db, department=hall.dept_a, level=4, rated_on=DAY, item=hall.item_a, is_default=True)
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a)
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=DAY - dt.timedelta(days=40), item=hall.item_a)
    page = client.get(_url(hall), headers={"accept": "text/html"}).text
    row = page.split('<td class="name">不动产登记科</td>')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split('<td class="n ')[1:]]
    # 非常满意, 满意, 基本满意, 不满意, 非常不满意, 合计, 其中默认好评, 差评, 满意率
    assert cells == ["1", "1", "0", "1", "0", "3", "1", "1", "66.7%"]


def test_a_center_that_does_not_publish_answers_404(db, hall, client):
    db.add(RatingSettings(center_id=hall.center.id, public_disclosure=False))
    db.flush()
    assert client.get(_url(hall), headers={"accept": "text/html"}).status_code == 404
    assert client.get("/public/NO-SUCH/ratings", headers={"accept": "text/html"}).status_code == 404


def test_bad_month_is_a_clear_error(db, hall, client):
    response = client.get(_url(hall, "2026-13"), headers={"accept": "text/html"})
    assert response.status_code == 422 and "月份格式" in response.text


def test_public_page_is_rate_limited_per_address(app, hall, client):
    from xiaoneng.kit.ratelimit import RateLimiter

    app.state.disclosure_limiter = RateLimiter(2)
    statuses = [client.get(_url(hall), headers={"accept": "text/html"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("today, month", [
    (dt.date(2026, 12, 1), "2026年11月"),   # the month has hardly begun: the last complete one
    (dt.date(2026, 12, 5), "2026年11月"),
    (dt.date(2026, 12, 6), "2026年12月"),
    (dt.date(2026, 12, 15), "2026年12月"),
])
def test_the_page_opens_on_the_month_the_rankings_open_on(db, hall, client, clock, today, month):
    clock.set(today)
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=dt.date(2026, 11, 20), item=hall.item_a,
                    comment="十一月的差评")
    page = client.get(f"/public/{hall.center.code}/ratings", headers={"accept": "text/html"}).text
    assert f"<title>{hall.center.name} · 政务服务“好差评”公开（{month}）</title>" in page
    assert ("十一月的差评" in page) == (month == "2026年11月")


def test_bad_reviews_come_twenty_to_a_page(db, hall, client):
    first = TODAY.replace(day=1)
    for n in range(45):
        make_rating_row(db, department=hall.dept_a, level=2, rated_on=first + dt.timedelta(days=n % 10),
                        item=hall.item_a, comment=f"第{n:02d}条差评")
    url = f"/public/{hall.center.code}/ratings?month={first:%Y-%m}"
    pages = [client.get(f"{url}&page={n}", headers={"accept": "text/html"}).text for n in (1, 2, 3)]
    shown = [[c for c in (f"第{n:02d}条差评" for n in range(45)) if c in p] for p in pages]
    assert [len(s) for s in shown] == [20, 20, 5] and len(set(sum(shown, []))) == 45
    assert "（共 45 条）" in pages[0] and "第 1 / 3 页" in pages[0] and "page=2#bad-reviews" in pages[0]
    assert 'rel="prev"' not in pages[0] and 'rel="next"' not in pages[2]
    # A page past the last, or not a number, is the nearest page.
    assert "第 3 / 3 页" in client.get(f"{url}&page=99", headers={"accept": "text/html"}).text
    assert "第 1 / 3 页" in client.get(f"{url}&page=abc", headers={"accept": "text/html"}).text
