"""Codes stored in records are shown as the Chinese people read: indicators, callback satisfaction, 即办."""

import datetime as dt

from tests.fixtures.objects import make_case
from tests.rectification.conftest import world  # noqa: F401
from xiaoneng.ratings import service as ratings
from xiaoneng.web.labels import level_label


def test_indicator_codes_show_their_names_and_a_callback_its_level(db, world, sign_in):
    rect = world.open(db)
    rating = rect_rating(db, rect)
    onsite = ratings.active_indicator_set(db, scope="onsite")
    rating.indicator_set_id = onsite.id
    rating.indicators = {"service_attitude": ["态度生硬"]}
    rect.callback_at, rect.callback_method, rect.callback_level = dt.datetime(2026, 11, 17, 2, tzinfo=dt.UTC), "phone", 4
    db.flush()
    page = sign_in(world.supervisor).page(f"/rectifications/{rect.id}")
    assert "服务态度：态度生硬" in page.text and "service_attitude" not in page.text
    assert "满意度 满意" in page.text and "满意度 4" not in page.text


def test_an_immediate_case_says_jiban_not_zero_working_days(db, world, sign_in):
    case = make_case(db, item=world.item, window=world.window)
    case.limit_days = 0
    db.flush()
    page = sign_in(world.clerk).page(f"/cases/{case.id}")
    assert "办结时限 即办" in page.text and "0 个工作日" not in page.text


def test_level_labels():
    assert [level_label(n) for n in (5, 4, 3, 2, 1, None, 9)] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意", "—", "—"]


def rect_rating(db, rect):
    from xiaoneng.ratings.models import Rating

    return db.get(Rating, rect.rating_id)
