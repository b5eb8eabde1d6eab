"""Ratings through the service: the window, one per step and rater, immutability, defaults, flags, indicators."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_rating, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor, public_actor
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def applicant():
    return ratings.Rater(key=ratings.APPLICANT)


def test_a_bad_review_opens_its_rectification_in_the_same_transaction(db):
    rating = make_rating(db, level=1)
    assert rating.is_bad and not rating.is_default
    rect = db.query(Rectification).filter_by(rating_id=rating.id).one()
    assert rect.department_id == rating.department_id and rect.status == "open"


def test_a_good_review_opens_nothing(db):
    rating = make_rating(db, level=5)
    assert db.query(Rectification).filter_by(rating_id=rating.id).count() == 0


def test_one_rating_per_step_and_rater(db):
    rating = make_rating(db, level=4)
    with pytest.raises(Conflict):
        ratings.submit_rating(db, actor=public_actor(rating.center_id), channel="qr_code", level=5, rater=applicant(),
                              step_id=rating.step_id, now=rating.rated_at)


@pytest.mark.parametrize("days_after, accepted", [(0, True), (7, True), (8, False)])
def test_the_window_closes_at_the_end_of_the_fifth_working_day(db, days_after, accepted):
    # Completed Wed 30 Sep 2026; 国庆 1-7 Oct; the 5th working day after is Tue 13 Oct (13 days later).
    case = make_case(db, completed_at=at(2026, 9, 30, 16))
    when = at(2026, 10, 6) + dt.timedelta(days=days_after)  # 6, 13, 14 Oct
    call = lambda: ratings.submit_rating(db, actor=public_actor(case.center_id), channel="qr_code", level=5,  # noqa: E731
                                         rater=applicant(), step_id=case.steps[0].id, now=when)
    if accepted:
        assert call().rated_on == when.date()
    else:
        with pytest.raises(Conflict):
            call()


def test_the_default_is_recorded_once_after_the_window_and_catches_up(db):
    rated = make_case(db, completed_at=at(2026, 9, 30, 16))
    unrated = make_case(db, completed_at=at(2026, 9, 30, 16))
    later = make_case(db, completed_at=at(2026, 10, 13, 16))
    make_rating(db, case=rated, level=5)
    assert ratings.record_due_defaults(db, today=dt.date(2026, 10, 13)) == 0  # still the 5th working day
    # Catch-up after downtime: run first on 30 Oct, both windows long closed.
    assert ratings.record_due_defaults(db, today=dt.date(2026, 10, 30)) == 2
    assert ratings.record_due_defaults(db, today=dt.date(2026, 10, 31)) == 0
    defaults = db.query(Rating).filter_by(is_default=True).order_by(Rating.id).all()
    assert [d.case_id for d in defaults] == [unrated.id, later.id]
    assert defaults[0].level == 4 and defaults[0].channel == "default"
    assert defaults[0].rated_on == dt.date(2026, 10, 14)  # the day after the window closed, not the run day


def test_staff_cannot_rate_on_a_raters_behalf_but_may_enter_a_social_rating(db):
    window = make_window(db)
    staff = make_staff(db, role=Role.SUPERVISOR, center_id=window.center_id)
    actor = Actor(user_id=staff.id, username=staff.username, role=Role.SUPERVISOR, center_id=window.center_id)
    with pytest.raises(Forbidden):
        ratings.submit_rating(db, actor=actor, channel="qr_code", level=5, rater=ratings.Rater(), window_id=window.id)
    with pytest.raises(ValidationFailed) as e:
        ratings.submit_rating(db, actor=actor, channel="social", level=2, rater=ratings.Rater(), window_id=window.id,
                              comment="电话反映排队时间长")
    assert e.value.field == "social_source"
    rating = ratings.submit_rating(db, actor=actor, channel="social", level=2, social_source="监督电话",
                                   rater=ratings.Rater(phone="13800001111"), window_id=window.id,
                                   comment="电话反映排队时间长")
    assert rating.entered_by_id == staff.id and rating.department_id == window.department_id


def test_indicator_options_must_belong_to_the_level(db):
    case = make_case(db, completed_at=at(2026, 11, 20, 9))
    actor = public_actor(case.center_id)
    with pytest.raises(ValidationFailed) as e:
        ratings.submit_rating(db, actor=actor, channel="qr_code", level=1, rater=applicant(), step_id=case.steps[0].id,
                              indicators={"service_attitude": ["热情周到"]}, now=at(2026, 11, 20, 11))
    assert e.value.field == "indicators.service_attitude"
    rating = ratings.submit_rating(db, actor=actor, channel="qr_code", level=1, rater=applicant(),
                                   step_id=case.steps[0].id, indicators={"service_attitude": ["态度生硬"]},
                                   now=at(2026, 11, 20, 11))
    assert rating.indicator_set_id is not None and rating.indicators == {"service_attitude": ["态度生硬"]}


def test_a_bad_review_without_any_content_is_refused(db):
    case = make_case(db, completed_at=at(2026, 11, 20, 9))
    with pytest.raises(ValidationFailed) as e:
        ratings.submit_rating(db, actor=public_actor(case.center_id), channel="qr_code", level=2, rater=applicant(),
                              step_id=case.steps[0].id, now=at(2026, 11, 20, 11))
    assert e.value.field == "comment"


def test_real_name_needs_a_mobile_number_for_the_callback(db):
    window = make_window(db)
    with pytest.raises(ValidationFailed) as e:
        ratings.submit_rating(db, actor=public_actor(window.center_id), channel="qr_code", level=5,
                              rater=ratings.Rater(real_name=True, name="王小明", phone="12345"), window_id=window.id)
    assert e.value.field == "rater_phone"


def test_a_burst_of_top_ratings_from_one_address_is_flagged(db):
    window = make_window(db)
    actor = public_actor(window.center_id)
    now = at(2026, 11, 20, 10)
    flags = []
    for i in range(7):
        r = ratings.submit_rating(db, actor=actor, channel="qr_code", level=5, window_id=window.id,
                                  rater=ratings.Rater(ip="10.0.0.9", device_id=f"d{i}"), now=now + dt.timedelta(seconds=i))
        flags.append(r.flags)
    assert flags[:5] == [[]] * 5 and flags[5] == ["burst"] and flags[6] == ["burst"]


def test_text_contradicting_the_level_and_staff_devices_are_flagged(db):
    window = make_window(db)
    r = ratings.submit_rating(db, actor=public_actor(window.center_id), channel="qr_code", level=5,
                              window_id=window.id, comment="态度恶劣，推诿",
                              rater=ratings.Rater(ip="10.0.0.1", from_staff_device=True))
    assert r.flags == ["staff_device", "contradiction"]


def test_a_replayed_submission_is_refused(db):
    window = make_window(db)
    actor = public_actor(window.center_id)
    ratings.submit_rating(db, actor=actor, channel="qr_code", level=5, window_id=window.id, nonce="n-1",
                          rater=ratings.Rater(device_id="a"))
    with pytest.raises(Conflict):
        ratings.submit_rating(db, actor=actor, channel="qr_code", level=5, window_id=window.id, nonce="n-1",
                              rater=ratings.Rater(device_id="b"))


def test_a_follow_up_is_added_but_the_rating_never_changes(db):
    rating = make_rating(db, level=3, comment="还行")
    ratings.add_follow_up(db, rating_id=rating.id, text="后来又去了一次，很快办好了", rater=applicant())
    assert rating.level == 3 and rating.comment == "还行"
    with pytest.raises(NotFound):
        ratings.add_follow_up(db, rating_id=rating.id, text="冒充", rater=ratings.Rater(phone="13900000000"))


@pytest.mark.parametrize("channel, today, accepted", [
    ("social", dt.date(2026, 12, 2), True),  # S0 art. 8: entered by case number, the 20th working day after
    ("social", dt.date(2027, 3, 1), True),
    ("online", dt.date(2026, 11, 11), True),  # S0 art. 7: the supplementary online rating, 5th working day
    ("online", dt.date(2026, 11, 12), False),  # ... refused on the 6th
])
def test_social_ratings_of_a_case_have_no_time_limit(db, clock, channel, today, accepted):
    from xiaoneng.ratings import social

    case = make_case(db, completed_at=at(2026, 11, 4, 15))  # Wed 4 Nov 2026; the window ends Wed 11 Nov
    clock.set(today, dt.time(9, 30))
    if channel == "social":
        staff = make_staff(db, role=Role.SUPERVISOR, center_id=case.center_id)
        actor = Actor(user_id=staff.id, username=staff.username, role=Role.SUPERVISOR, center_id=case.center_id)
        call = lambda: social.enter_social(db, actor=actor, social_source="监督电话", level=2,  # noqa: E731
                                           case_number=case.number, comment="来电反映材料被退回三次")
    else:
        call = lambda: ratings.submit_rating(db, actor=public_actor(case.center_id), channel="online",  # noqa: E731
                                             level=5, rater=applicant(), step_id=case.steps[0].id)
    if accepted:
        rating = call()
        assert (rating.step_id, rating.rated_on) == (case.steps[0].id, today)
    else:
        with pytest.raises(Conflict) as e:
            call()
        assert e.value.field == "step_id" and "2026年11月11日" in e.value.message


def _qr(db, window, *, level=1, phone="", applicant_phone="", case_number="", when=None):
    rater = ratings.Rater(name="李女士" if phone else "", phone=phone, real_name=bool(phone), ip="10.0.0.3")
    return ratings.submit_rating(db, actor=public_actor(window.center_id), channel="qr_code", level=level,
                                 rater=rater, window_id=window.id, comment="窗口人员态度生硬", now=when,
                                 case_number=case_number, applicant_phone=applicant_phone)


@pytest.mark.parametrize("details, linked", [
    ({"phone": "APPLICANT"}, True),  # real-name rater whose phone is the applicant's
    ({"applicant_phone": "APPLICANT"}, True),  # the applicant's phone field without a case number
    ({"case_number": "CASE", "applicant_phone": "APPLICANT"}, True),
    ({"phone": "13700000001"}, False),  # someone else's phone: a rating of the window only
    ({}, False),
])
def test_a_qr_rating_is_linked_to_its_step_and_that_step_gets_no_default(db, details, linked):
    # Completed Wed 4 Nov 2026 at the window; rated by QR on Fri 6 Nov; the window ends Wed 11 Nov.
    case = make_case(db, completed_at=at(2026, 11, 4, 15))
    from xiaoneng.org.models import Window

    window = db.get(Window, case.window_id)
    values = {k: {"APPLICANT": case.applicant_phone, "CASE": case.number}.get(v, v) for k, v in details.items()}
    rating = _qr(db, window, when=at(2026, 11, 6, 9), **values)
    assert rating.is_bad and rating.window_id == window.id
    assert rating.step_id == (case.steps[0].id if linked else None)
    assert ratings.record_due_defaults(db, today=dt.date(2026, 11, 11)) == 0  # the 5th working day: not yet
    recorded = ratings.record_due_defaults(db, today=dt.date(2026, 11, 12))
    defaults = db.query(Rating).filter_by(is_default=True, step_id=case.steps[0].id).count()
    assert (recorded, defaults) == ((0, 0) if linked else (1, 1))


def test_the_phone_links_the_latest_unrated_step_at_that_window_within_its_period(db):
    from tests.fixtures.objects import make_item
    from xiaoneng.org.models import Department

    window = make_window(db)
    department = db.get(Department, window.department_id)
    other = make_window(db, department=department)
    item = make_item(db, department=department)
    phone = "13912345678"
    old = make_case(db, item=item, window=window, completed_at=at(2026, 10, 26, 10), applicant_phone=phone)  # window closed 11/2
    rated = make_case(db, item=item, window=window, completed_at=at(2026, 11, 6, 10), applicant_phone=phone)
    first = make_case(db, item=item, window=window, completed_at=at(2026, 11, 4, 10), applicant_phone=phone)
    elsewhere = make_case(db, item=item, window=other, completed_at=at(2026, 11, 9, 10), applicant_phone=phone)
    make_rating(db, case=rated, level=5)
    rating = _qr(db, window, phone=phone, when=at(2026, 11, 9, 15))
    assert rating.step_id == first.steps[0].id and rating.rater_key == ratings.APPLICANT
    assert first.steps[0].rating_closed
    again = _qr(db, window, phone=phone, when=at(2026, 11, 9, 16))  # nothing unrated left here: the window only
    assert again.step_id is None
    assert not old.steps[0].rating_closed and not elsewhere.steps[0].rating_closed


def test_a_social_review_naming_a_case_keeps_the_default_off_its_step(db):
    from xiaoneng.ratings import social

    case = make_case(db, completed_at=at(2026, 11, 4, 15))
    staff = make_staff(db, role=Role.SUPERVISOR, center_id=case.center_id)
    actor = Actor(user_id=staff.id, username=staff.username, role=Role.SUPERVISOR, center_id=case.center_id)
    social.enter_social(db, actor=actor, social_source="意见箱", level=3, case_number=case.number, comment="一般")
    assert ratings.record_due_defaults(db, today=dt.date(2026, 11, 12)) == 0
