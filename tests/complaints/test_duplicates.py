"""Duplicates: the same person about the same matter, or the same matter from anyone, within the center's period,
merged into the earlier open complaint with both kept and linked; a supervisor merges or splits by hand."""

import datetime as dt

import pytest

from tests.complaints.conftest import AT as NOW, register
from xiaoneng.complaints import common, duplicates, rules, service
from xiaoneng.errors import ValidationFailed

AT = NOW - dt.timedelta(days=35)  # the first complaint; the later ones come within the period or after it
TEXT = "在不动产登记中心办理二手房过户，窗口人员态度生硬，让我来回跑了三趟"


def test_same_phone_same_unit_is_merged(db, hall):
    first = register(db, hall, content=TEXT, received_at=AT)
    again = register(db, hall, content="上周反映的不动产过户问题还没人联系我，窗口态度很差", received_at=AT + dt.timedelta(days=3))
    assert again.status == rules.Status.MERGED and again.merged_into_id == first.id
    assert again.duplicate_reason == duplicates.REASON_PERSON
    into, merged = common.linked(db, first)
    assert into is None and merged == [again]
    assert [e.kind for e in common.trail(db, first)][-1] == "merge"


def test_same_matter_from_someone_else_is_merged(db, hall):
    first = register(db, hall, content=TEXT, received_at=AT)
    other = register(db, hall, content=TEXT + "。", complainant_phone="13900139000", complainant_name="王女士",
                     received_at=AT + dt.timedelta(hours=2))
    assert other.merged_into_id == first.id and other.duplicate_reason == duplicates.REASON_MATTER


@pytest.mark.parametrize(("change", "merged"), [
    ({"received_at": AT + dt.timedelta(days=31)}, False),  # outside the 30-day period
    ({"received_at": AT + dt.timedelta(days=29)}, True),
    ({"complainant_phone": "13900139000", "content": "食品经营许可证核发一直没有结果，窗口推诿"}, False),  # another matter
    ({"content": "食品经营许可证核发一直没有结果，窗口推诿"}, False),  # same person, another unit and other words
])
def test_what_is_not_a_duplicate(db, hall, change, merged):
    first = register(db, hall, content=TEXT, received_at=AT)
    second = register(db, hall, **{"content": TEXT, "received_at": AT + dt.timedelta(days=1), **change})
    assert (second.merged_into_id == first.id) is merged


def test_closed_complaints_are_not_merged_into(db, hall):
    first = register(db, hall, content=TEXT, received_at=AT)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=first.id, department_id=hall["land"].id)
    service.answer(db, actor=hall["as"]["head"], complaint_id=first.id, text="已答复")
    assert register(db, hall, content=TEXT, received_at=AT + dt.timedelta(days=1)).merged_into_id is None


def test_split_and_merge_by_hand(db, hall):
    first = register(db, hall, content=TEXT, received_at=AT)
    again = register(db, hall, content=TEXT, received_at=AT + dt.timedelta(hours=1))
    service.split(db, actor=hall["as"]["supervisor"], complaint_id=again.id)
    assert again.status == rules.Status.NEW and again.merged_into_id is None and again.keep_apart
    third = register(db, hall, content=TEXT, received_at=AT + dt.timedelta(hours=2))
    assert third.merged_into_id == first.id  # the split one is never a target again
    with pytest.raises(ValidationFailed) as bad:
        service.merge(db, actor=hall["as"]["supervisor"], complaint_id=again.id, primary_number="TS000")
    assert bad.value.field == "primary" and "不存在" in bad.value.message
    with pytest.raises(ValidationFailed):
        service.merge(db, actor=hall["as"]["supervisor"], complaint_id=again.id, primary_number=third.number)
    service.merge(db, actor=hall["as"]["supervisor"], complaint_id=again.id, primary_number=first.number.lower())
    assert again.merged_into_id == first.id and again.duplicate_reason == "监察人员确认重复"


def test_masked_phones_identify_nobody():
    assert duplicates.phone_key("138****5678") == "" and duplicates.phone_key("13800138000") == "13800138000"
    index = duplicates.Index(dt.timedelta(days=30))
    index.add(duplicates.Probe(1, AT, "", 7, None, "窗口人员态度生硬"))
    assert index.find(duplicates.Probe(2, AT, "", 8, None, "窗口人员态度生硬")) is None  # another unit
    assert index.find(duplicates.Probe(3, AT, "", 7, None, "窗口人员态度生硬！")).key == 1
