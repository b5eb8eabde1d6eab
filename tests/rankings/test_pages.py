"""Rankings pages: who may see them, both views, the weights form keeping input on errors."""


import pytest

from tests.rankings.conftest import QUERY
from xiaoneng.ratings.models import RatingSettings



@pytest.mark.parametrize("who", ["clerk_a", "head_a"])
def test_window_staff_and_department_heads_see_the_centers_ranking(hall, sign_in, who):
    # S0 art.13: the rankings are published on the center's internal system, to all its staff.
    browser = sign_in(getattr(hall, who))
    page = browser.page(f"/rankings?{QUERY}")
    assert page.status_code == 200 and "不动产登记科" in page.text and "市场监管科" in page.text
    assert 'href="/rankings"' in browser.page("/").text  # in the menu
    assert browser.page("/rankings/weights").status_code == 403


def _table(text):
    head, body = text.split('id="ranking"')[1].split("<tbody>")
    headers = [h.split("</th>")[0] for h in head.split("<th>")[1:]]
    rows = [[c.split("</td>")[0].strip() for c in tr.split("<td>")[1:]] for tr in body.split("</tbody>")[0].split("</tr>")[:-1]]
    return headers, rows


def test_page_columns_rates_as_percentages_and_small_samples_last(db, hall, sign_in):
    from tests.disclosure.data import make_rating_row
    from tests.rankings.conftest import DAY
    make_rating_row(db, department=hall.dept_a, level=4, rated_on=DAY, staff=hall.clerk_a)
    db.get(RatingSettings, hall.center.id).ranking_min_sample = 2
    db.flush()
    headers, rows = _table(sign_in(hall.supervisor).page(f"/rankings?{QUERY}").text)
    assert headers == ["名次", "部门", "综合得分", "评价数", "满意度", "差评数", "差评率", "回访整改率", "名次变化",
                       "差评率变化"]
    # 市场监管科 counts 1 rating (its bad review excluded on appeal): 样本不足 at 2, listed after, no rank.
    assert rows[0][:2] == ["1", "不动产登记科"] and rows[0][4] == "87.5%" and rows[0][6] == "0.0%"
    assert rows[1][:4] == ["—", "市场监管科", "样本不足", "1"] and rows[1][4] == "50.0%"


def test_page_shows_the_change_against_the_previous_period(db, hall, sign_in):
    import datetime as dt

    from tests.disclosure.data import make_rating_row
    feb = dt.date(2026, 2, 20)
    make_rating_row(db, department=hall.dept_b, level=5, rated_on=feb, staff=hall.clerk_b)
    make_rating_row(db, department=hall.dept_a, level=2, rated_on=feb, staff=hall.clerk_a)
    page = sign_in(hall.supervisor).page(f"/rankings?{QUERY}")
    assert "对比上期 2026-02-01 至 2026-02-28" in page.text
    _, rows = _table(page.text)
    assert rows[0][1] == "不动产登记科" and rows[0][8] == "↑1（上期第 2 名）" and rows[0][9] == "-100.0 个百分点"
    assert rows[1][8] == "↓1（上期第 1 名）" and rows[1][9] == "+0.0 个百分点"


@pytest.mark.parametrize("today, start, end", [
    ("2026-12-01", "2026-11-01", "2026-11-30"),
    ("2026-12-05", "2026-11-01", "2026-11-30"),
    ("2026-12-15", "2026-12-01", "2026-12-15"),
])
def test_default_period(hall, sign_in, clock, today, start, end):
    import datetime as dt

    clock.set(dt.date.fromisoformat(today))
    page = sign_in(hall.supervisor).page("/rankings")
    assert f'name="start" value="{start}"' in page.text and f'name="end" value="{end}"' in page.text


def test_anonymous_is_sent_to_sign_in(hall, client):
    response = client.get("/rankings", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_supervisor_sees_both_views(hall, sign_in):
    browser = sign_in(hall.supervisor)
    counted = browser.page(f"/rankings?{QUERY}")
    assert counted.status_code == 200 and "内部公开" in counted.text
    first = counted.text.split("<tbody>")[1].split("</tr>")[0]
    assert "不动产登记科" in first
    with_appeals = browser.page(f"/rankings?{QUERY}&excluded=1&by=staff")
    assert "赵志强" in with_appeals.text and "50.0%" in with_appeals.text  # 1 bad of 2 counted


def test_bad_period_shows_the_field_error(hall, sign_in):
    page = sign_in(hall.director).page("/rankings?start=2026-03-31&end=2026-03-01")
    assert page.status_code == 422 and "结束日期不能早于开始日期" in page.text and 'value="2026-03-31"' in page.text


def test_director_cannot_edit_weights_but_the_admin_can(db, hall, sign_in):
    assert sign_in(hall.director).page("/rankings/weights").status_code == 403
    browser = sign_in(hall.admin)
    assert browser.page("/rankings/weights").status_code == 200
    response = browser.submit("/rankings/weights", {"satisfaction": "3", "bad_rate": "1", "rectification": "1",
                                                    "volume": "0", "min_sample": "20"})
    assert response.status_code == 303
    settings = db.get(RatingSettings, hall.center.id)
    assert settings.ranking_weights == {"satisfaction": 3.0, "bad_rate": 1.0, "rectification": 1.0, "volume": 0.0}
    assert settings.ranking_min_sample == 20
    page = browser.page("/rankings/weights").text
    assert "已保存排名设置" in page and 'name="min_sample" value="20"' in page


def test_bad_weights_keep_the_input(db, hall, sign_in):
    browser = sign_in(hall.admin)
    browser.page("/rankings/weights")
    response = browser.submit("/rankings/weights", {"satisfaction": "0.7", "bad_rate": "-2", "rectification": "1",
                                                    "volume": "0", "min_sample": "5"})
    assert response.status_code == 422
    assert "差评率（越低越好）权重不能为负数" in response.text and 'value="0.7"' in response.text
    settings = db.get(RatingSettings, hall.center.id)
    assert settings.ranking_weights in ({}, None) and settings.ranking_min_sample == 1
    response = browser.submit("/rankings/weights", {"satisfaction": "1", "bad_rate": "1", "rectification": "1",
                                                    "volume": "0", "min_sample": "0"})
    assert response.status_code == 422 and "最少评价数不能小于 1" in response.text and 'value="0"' in response.text


def test_weights_form_needs_the_csrf_token(hall, sign_in):
    browser = sign_in(hall.admin)
    browser.csrf = "forged"
    assert browser.submit("/rankings/weights", {"satisfaction": "1"}).status_code == 403
