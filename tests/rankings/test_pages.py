"""Rankings pages: who may see them, both views, the weights form keeping input on errors."""


import pytest

from tests.rankings.conftest import QUERY
from xiaoneng.ratings.models import RatingSettings



@pytest.mark.parametrize("who", ["clerk_a", "head_a"])
def test_window_staff_and_department_heads_get_403(hall, sign_in, who):
    browser = sign_in(getattr(hall, who))
    assert browser.page(f"/rankings?{QUERY}").status_code == 403
    assert browser.page("/rankings/weights").status_code == 403


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
                                                    "volume": "0"})
    assert response.status_code == 303
    assert db.get(RatingSettings, hall.center.id).ranking_weights == {
        "satisfaction": 3.0, "bad_rate": 1.0, "rectification": 1.0, "volume": 0.0}
    assert "已保存排名权重" in browser.page("/rankings/weights").text


def test_bad_weights_keep_the_input(db, hall, sign_in):
    browser = sign_in(hall.admin)
    browser.page("/rankings/weights")
    response = browser.submit("/rankings/weights", {"satisfaction": "0.7", "bad_rate": "-2", "rectification": "1",
                                                    "volume": "0"})
    assert response.status_code == 422
    assert "差评率（越低越好）权重不能为负数" in response.text and 'value="0.7"' in response.text
    assert db.get(RatingSettings, hall.center.id) is None


def test_weights_form_needs_the_csrf_token(hall, sign_in):
    browser = sign_in(hall.admin)
    browser.csrf = "forged"
    assert browser.submit("/rankings/weights", {"satisfaction": "1"}).status_code == 403
