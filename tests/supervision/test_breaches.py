"""The supervisors' breach list: the cards, referrals not signed for or answered in time, and conduct findings not
dismissed, gathered from their domains for a period; counts per kind and department; scoped; filtered."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_rating
from tests.supervision.conftest import D, as_, at
from xiaoneng.conduct import service as conduct
from xiaoneng.conduct.models import Finding
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.inquiries import service as inquiries
from xiaoneng.inquiries.models import Referral
from xiaoneng.supervision import breaches

NOVEMBER = {"start": D(2026, 11, 1), "end": D(2026, 11, 30)}


def _refer(db, hall, to, day, **kw):
    inquiry = inquiries.log_inquiry(db, actor=as_(hall, "clerk"), channel="visit", content="社保转移接续要哪些材料？",
                                    outcome="referred", asker_name="陈先生", asker_phone="13800138000",
                                    to_department_id=hall[to].id, now=at(11, day), **kw)
    return inquiry, db.scalar(select(Referral).where(Referral.inquiry_id == inquiry.id))


@pytest.fixture
def world(db, hall, late):
    # Referred to the social department on Tue 11/10: sign for by 11/11, answer by 11/13; nobody did.
    silent, _ = _refer(db, hall, "social", 10)
    # Referred on 11/12 (sign for by 11/13, answer by 11/17): signed for on time, answered on 11/18.
    slow, referral = _refer(db, hall, "social", 12)
    inquiries.acknowledge(db, actor=as_(hall, "social_head"), referral_id=referral.id, now=at(11, 13))
    inquiries.answer(db, actor=as_(hall, "social_head"), referral_id=referral.id, text="已电话答复", now=at(11, 18, 9))
    # Referred today: nothing is due yet.
    _refer(db, hall, "land", 18)
    rude = make_rating(db, case=late["window"], level=1, comment="窗口说下班了，明天再来，态度很差")
    conduct.scan_new_texts(db, today=D(2026, 11, 18))
    return {"silent": silent, "slow": slow, "rude": rude}


def _list(db, actor, **kw):
    return breaches.breach_list(db, actor=actor, filters=breaches.Filters(**{**NOVEMBER, **kw}))


def test_the_sources_are_one_tuple():
    assert {"xiaoneng.supervision.card_breaches:breaches", "xiaoneng.inquiries.queries:breaches",
            "xiaoneng.conduct.breaches:breaches", "xiaoneng.notices.violations:breaches",
            "xiaoneng.attendance.breaches:breaches", "xiaoneng.duty.breaches:breaches"} <= set(breaches.SOURCES)
    assert len(set(breaches.SOURCES)) == len(breaches.SOURCES)
    assert all(callable(breaches.source(target)) for target in breaches.SOURCES)


def test_every_kind_of_the_month_in_one_list(db, hall, late, world):
    found = _list(db, as_(hall, "supervisor"))
    kinds = [(b.kind, b.day, b.department_name) for b in found.rows]
    assert ("referral_unacknowledged", D(2026, 11, 11), "社保科") in kinds
    assert ("referral_unanswered", D(2026, 11, 13), "社保科") in kinds
    assert ("referral_unanswered", D(2026, 11, 17), "社保科") in kinds
    assert sum(k == "referral_unacknowledged" for k, _, _ in kinds) == 1  # the slow one was signed for in time
    assert ("conduct_finding", D(2026, 11, 18), "不动产登记科") in kinds
    assert found.kinds == {"conduct_finding": "服务规范用语", "red_card": "红牌（办件超期）",
                           "referral_unacknowledged": "转办签收超期", "referral_unanswered": "转办答复超期",
                           "yellow_card": "黄牌（环节超时）"}
    assert dict(found.by_kind) == {"黄牌（环节超时）": 4, "红牌（办件超期）": 4, "转办签收超期": 1, "转办答复超期": 2,
                                   "服务规范用语": 1}
    assert dict(found.by_department) == {"不动产登记科": 7, "社保科": 5}
    slow = next(b for b in found.rows if b.kind == "referral_unanswered" and b.day == D(2026, 11, 17))
    assert slow.summary == f"转办 {world['slow'].number} 逾期答复（11月18日答复）（应于11月17日前答复）"
    assert slow.link == f"/inquiries/{world['slow'].id}"
    red = next(b for b in found.rows if b.kind == "red_card" and b.summary.startswith(f"办件 {late['open'].number}"))
    assert red.summary == (f"办件 {late['open'].number}（不动产查封登记）超时 5 个工作日（应于11月11日前办结），仍未完成")
    assert red.staff_name == "刘洋" and red.link == f"/cases/{late['open'].id}"
    assert [b.day for b in found.rows] == sorted((b.day for b in found.rows), reverse=True)


def test_a_dismissed_finding_is_no_breach(db, hall, late, world):
    finding = db.scalar(select(Finding))
    conduct.decide(db, actor=as_(hall, "supervisor"), finding_id=finding.id, confirm=False, note="顾客误解")
    assert "conduct_finding" not in {b.kind for b in _list(db, as_(hall, "supervisor")).rows}


def test_filters_and_search(db, hall, late, world):
    supervisor = as_(hall, "supervisor")
    assert {b.kind for b in _list(db, supervisor, kind="red_card").rows} == {"red_card"}
    assert {b.department_name for b in _list(db, supervisor, department_id=hall["social"].id).rows} == {"社保科"}
    assert {b.staff_name for b in _list(db, supervisor, staff_id=hall["other_clerk"].id).rows} == {"刘洋"}
    assert [b.kind for b in _list(db, supervisor, q=world["silent"].number).rows] == [
        "referral_unanswered", "referral_unacknowledged"]
    assert _list(db, supervisor, kind="key_time_absence").rows == []  # a kind not in the period: nothing
    by_staff = [b.staff_name for b in _list(db, supervisor, sort="staff", descending=False).rows]
    assert by_staff == sorted(by_staff)
    only_12th = _list(db, supervisor, start=D(2026, 11, 12), end=D(2026, 11, 12)).rows
    assert only_12th == []


@pytest.mark.parametrize("filters, field", [
    ({"start": D(2026, 11, 30), "end": D(2026, 11, 1)}, "end"),
    ({"start": D(2025, 1, 1), "end": D(2026, 11, 30)}, "end"),
    ({"start": None}, "start"),
    ({"sort": "phone"}, "sort"),
    ({"kind": "红牌"}, "kind"),
])
def test_bad_filters_name_their_field(db, hall, filters, field):
    with pytest.raises(ValidationFailed) as caught:
        _list(db, as_(hall, "supervisor"), **filters)
    assert caught.value.field == field


def test_scope(db, hall, late, world):
    social = _list(db, as_(hall, "social_head"))
    assert {b.department_name for b in social.rows} == {"社保科"} and len(social.rows) == 5
    assert len(_list(db, as_(hall, "director")).rows) == 12
    with pytest.raises(Forbidden):
        _list(db, as_(hall, "clerk"))
