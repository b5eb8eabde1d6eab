"""Cards read from the cases: a step finished late is a yellow card, a case finished late or still running past its
due date a red one; a case stopped for 补正 is not charged for it. Filters, search, sort, scope."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case
from tests.supervision.conftest import D, as_, at, complete
from xiaoneng.cases import service as cases
from xiaoneng.kit.scope import system_actor
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.supervision import cards
from xiaoneng.supervision.rules import ran_over


@pytest.mark.parametrize("due, completed, today, expected", [
    (D(2026, 11, 5), D(2026, 11, 9), D(2026, 11, 18), True),  # completed after its due day
    (D(2026, 11, 5), D(2026, 11, 5), D(2026, 11, 18), False),  # on the due day itself
    (D(2026, 11, 17), None, D(2026, 11, 18), True),  # still open the day after
    (D(2026, 11, 18), None, D(2026, 11, 18), False),  # still open on the due day
    (D(2026, 10, 9), None, D(2026, 10, 10), True),  # the make-up Saturday after is already late
    (None, None, D(2026, 11, 18), False),  # a clock stopped for 补正 has no due date
])
def test_what_ran_over(due, completed, today, expected):
    assert ran_over(due, completed, today) is expected


def _cards(db, actor, **filters):
    return cards.all_cards(db, actor=actor, filters=cards.Filters(**filters))


def _keys(found):
    return {(c.number, c.color, c.step_name) for c in found}


def test_the_cards_of_the_month(db, hall, late):
    found = _cards(db, as_(hall, "supervisor"), sort="due", descending=False)
    w, o, op, s = (late[k].number for k in ("window", "online", "open", "social"))
    assert _keys(found) == {
        (w, "yellow", "窗口办理"), (w, "red", ""),
        (o, "yellow", "审查"), (o, "red", ""),
        (op, "yellow", "窗口办理"), (op, "red", ""),
        (s, "yellow", "窗口办理"), (s, "red", ""),
    }
    by_key = {(c.number, c.color): c for c in found}
    window_red = by_key[(w, "red")]
    assert (window_red.due_on, window_red.completed_on, window_red.days_late) == (D(2026, 11, 5), D(2026, 11, 9), 2)
    assert window_red.department == "不动产登记科" and window_red.handler == "张伟" and window_red.item == "不动产抵押登记"
    review = by_key[(o, "yellow")]
    assert (review.due_on, review.completed_on, review.days_late) == (D(2026, 11, 5), D(2026, 11, 10), 3)
    assert by_key[(o, "red")].due_on == D(2026, 11, 10) and by_key[(o, "red")].days_late == 2
    running = by_key[(op, "red")]
    assert running.completed_on is None and running.days_late == 5 and running.progress_label == "仍未完成"
    assert running.handler == "刘洋"
    assert all(c.notice_id is None and c.notice_label == "未督办" for c in found)
    assert [c.due_on for c in found] == sorted(c.due_on for c in found)


def test_a_case_stopped_for_supplements_is_not_charged(db, hall, late, clock):
    supervisor = as_(hall, "supervisor")
    numbers = {c.number for c in _cards(db, supervisor)}
    assert late["suspended"].number not in numbers and late["on_time"].number not in numbers
    # Received 11/2 with 3 days (due 11/5); a one-time notice on 11/3 and no materials yet on 11/18: no card, although
    # 11/5 is long past, for the case or for its open step.
    waiting = make_case(db, item=hall["land3"], window=hall["window"], handler=hall["clerk"], received_at=at(11, 2))
    cases.issue_notice(db, actor=system_actor(waiting.center_id), case_id=waiting.id, materials=["身份证明"],
                       at=at(11, 3))
    assert waiting.number not in {c.number for c in _cards(db, supervisor)}
    # The materials come back on 11/18: 3 working days from then, due 11/23. Completed on 11/24, a day late.
    cases.receive_supplement(db, actor=system_actor(waiting.center_id), case_id=waiting.id, at=at(11, 18, 11))
    assert waiting.number not in {c.number for c in _cards(db, supervisor)}
    clock.set(dt.date(2026, 11, 24))
    complete(db, waiting, at(11, 24))
    found = [c for c in _cards(db, supervisor) if c.number == waiting.number]
    assert {(c.color, c.due_on, c.days_late) for c in found} == {("yellow", D(2026, 11, 23), 1),
                                                                 ("red", D(2026, 11, 23), 1)}


def test_filters_search_and_sort(db, hall, late):
    supervisor = as_(hall, "supervisor")
    assert {c.color for c in _cards(db, supervisor, color="red")} == {"red"}
    assert {c.department for c in _cards(db, supervisor, department_id=hall["social"].id)} == {"社保科"}
    assert {c.number for c in _cards(db, supervisor, handler_id=hall["other_clerk"].id)} == {late["open"].number}
    assert {c.number for c in _cards(db, supervisor, progress="open")} == {late["open"].number}
    assert len(_cards(db, supervisor, progress="done")) == 6
    assert {c.number for c in _cards(db, supervisor, q="陈先生")} == {late["window"].number}
    assert {c.number for c in _cards(db, supervisor, q=late["online"].number)} == {late["online"].number}
    # The online case's red card falls due on 11/10: from 11/6 on, only it and the open case's cards.
    assert _keys(_cards(db, supervisor, start=D(2026, 11, 6), end=D(2026, 11, 30))) == {
        (late["online"].number, "red", ""), (late["open"].number, "yellow", "窗口办理"),
        (late["open"].number, "red", "")}
    assert _cards(db, supervisor, start=D(2026, 10, 1), end=D(2026, 10, 31)) == []
    by_number = [c.number for c in _cards(db, supervisor, sort="number", descending=False)]
    assert by_number == sorted(by_number)
    assert [c.notice_label for c in _cards(db, supervisor, notice="none")] == ["未督办"] * 8
    assert _cards(db, supervisor, notice="any") == []
    page = cards.list_cards(db, actor=supervisor, filters=cards.Filters(), per_page=3, page=2)
    assert page.total == 8 and len(page.items) == 3


@pytest.mark.parametrize("field, value", [("color", "green"), ("notice", "maybe"), ("progress", "later"),
                                          ("sort", "applicant_phone")])
def test_bad_filters_name_their_field(db, hall, field, value):
    with pytest.raises(ValidationFailed) as caught:
        _cards(db, as_(hall, "supervisor"), **{field: value})
    assert caught.value.field == field


def test_a_department_head_sees_their_department_and_a_clerk_none(db, hall, late):
    assert {c.department for c in _cards(db, as_(hall, "social_head"))} == {"社保科"}
    assert len(_cards(db, as_(hall, "head"))) == 6
    assert len(_cards(db, as_(hall, "director"))) == 8
    with pytest.raises(Forbidden):
        _cards(db, as_(hall, "clerk"))


def test_applicants_are_masked_for_those_without_personal_data(db, hall, late):
    director = {c.number: c.applicant for c in _cards(db, as_(hall, "director"), color="red")}
    supervisor = {c.number: c.applicant for c in _cards(db, as_(hall, "supervisor"), color="red")}
    assert supervisor[late["window"].number] == "陈先生" and director[late["window"].number] == "陈**"
    assert director[late["online"].number] == "锦城新区某某建材有限公司"  # an organisation's name is public
