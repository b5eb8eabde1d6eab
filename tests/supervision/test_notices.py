"""督办 notices: sent on a card, numbered per center and year, audited; the handler and the department head told
(naming the case, linking to the notice); replied by the head, closed by the supervisor. Bad input changes nothing."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.supervision.conftest import D, as_, at
from xiaoneng.audit.models import AuditRecord
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision import cards, service
from xiaoneng.supervision.models import SupervisionNotice

TEXT = "请查明审查环节超时原因，落实整改并书面反馈。"


def _step(case, name):
    return next(s for s in case.steps if s.name == name)


def _issue(db, hall, case, step=None, **kw):
    values = {"text": TEXT, "reply_days": 2, **kw}
    return service.issue(db, actor=as_(hall, "supervisor"), case_id=case.id, step_id=step.id if step else None,
                         **values)


def _notes(db, notice):
    return list(db.scalars(select(Notification).where(Notification.link == f"/supervision/notices/{notice.id}")
                           .order_by(Notification.id)))


def _audit(db, action):
    return list(db.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def test_a_notice_on_a_yellow_card_is_numbered_audited_and_told(db, hall, late):
    online = late["online"]
    notice = _issue(db, hall, online, _step(online, "审查"))
    assert notice.number == "锦政服督〔2026〕第001号"
    assert (notice.color, notice.status, notice.issued_on, notice.reply_due) == ("yellow", "issued", D(2026, 11, 18),
                                                                                D(2026, 11, 20))
    assert notice.handler_id == hall["clerk"].id and notice.department_id == hall["land"].id
    notes = _notes(db, notice)
    assert sorted(n.recipient_id for n in notes) == sorted([hall["clerk"].id, hall["head"].id])
    assert online.number in notes[0].title and "审查" in notes[0].title and notice.number in notes[0].title
    assert "2026-11-20" in notes[0].title and notes[0].body == TEXT
    record = _audit(db, "supervision.issue")[-1]
    assert record.entity == "supervision_notice" and record.entity_id == str(notice.id)
    card = cards.card_for(db, actor=as_(hall, "supervisor"), case_id=online.id, step_id=notice.step_id)
    assert (card.notice_id, card.notice_label, card.notice_number) == (notice.id, "已督办", notice.number)


def test_numbers_follow_on_within_the_year_and_one_card_takes_one_notice(db, hall, late):
    first = _issue(db, hall, late["window"])
    second = _issue(db, hall, late["window"], _step(late["window"], "窗口办理"))
    assert (first.color, second.color) == ("red", "yellow")
    assert second.number == "锦政服督〔2026〕第002号"
    with pytest.raises(Conflict) as caught:
        _issue(db, hall, late["window"])
    assert first.number in caught.value.message


def test_no_card_no_notice(db, hall, late):
    with pytest.raises(Conflict):
        _issue(db, hall, late["on_time"])
    with pytest.raises(Conflict):
        _issue(db, hall, late["online"], _step(late["online"], "受理"))  # done a day early
    with pytest.raises(NotFound):
        _issue(db, hall, late["online"], _step(late["window"], "窗口办理"))  # another case's step


@pytest.mark.parametrize("values, field, words", [
    ({"text": "  "}, "text", "督办内容不能为空"),
    ({"text": "超" * 1001}, "text", "督办内容"),
    ({"reply_days": 0}, "reply_days", "反馈期限"),
    ({"reply_days": 100}, "reply_days", "反馈期限"),
    ({"reply_days": "两天"}, "reply_days", "1 至 30"),
])
def test_bad_input_names_its_field_and_changes_nothing(db, hall, late, values, field, words):
    before = (db.scalar(select(func.count(AuditRecord.id))), db.scalar(select(func.count(Notification.id))))
    with pytest.raises(ValidationFailed) as caught:
        _issue(db, hall, late["window"], **values)
    assert caught.value.field == field and words in caught.value.message
    assert db.scalar(select(func.count(SupervisionNotice.id))) == 0
    assert (db.scalar(select(func.count(AuditRecord.id))), db.scalar(select(func.count(Notification.id)))) == before


def test_the_head_replies_and_the_supervisor_closes(db, hall, late, clock):
    notice = _issue(db, hall, late["open"])
    with pytest.raises(Conflict):
        service.close(db, actor=as_(hall, "supervisor"), notice_id=notice.id)  # nothing to close before a reply
    with pytest.raises(ValidationFailed) as caught:
        service.reply(db, actor=as_(hall, "head"), notice_id=notice.id, text="")
    assert caught.value.field == "reply"
    clock.set(at(11, 19, 15))
    service.reply(db, actor=as_(hall, "head"), notice_id=notice.id, text="已督促经办人当日办结，并调整科室AB岗安排。")
    assert (notice.status, notice.replied_by_id, notice.replied_on) == ("replied", hall["head"].id, D(2026, 11, 19))
    told = [n for n in _notes(db, notice) if n.kind == "supervision_replied"]
    assert [n.recipient_id for n in told] == [hall["supervisor"].id] and late["open"].number in told[0].title
    with pytest.raises(Conflict):
        service.reply(db, actor=as_(hall, "head"), notice_id=notice.id, text="再次反馈")
    service.close(db, actor=as_(hall, "supervisor"), notice_id=notice.id, note="整改措施可行，予以办结。")
    assert notice.status == "closed" and notice.close_note == "整改措施可行，予以办结。"
    closed = [n for n in _notes(db, notice) if n.kind == "supervision_closed"]
    assert {n.recipient_id for n in closed} == {hall["head"].id, hall["other_clerk"].id}
    assert [r.action for r in _audit(db, "supervision.reply")] == ["supervision.reply"]
    assert [r.action for r in _audit(db, "supervision.close")] == ["supervision.close"]


def test_who_may_do_what(db, hall, late):
    notice = _issue(db, hall, late["window"])
    with pytest.raises(Forbidden):
        _issue(db, hall | {"supervisor": hall["head"]}, late["window"], _step(late["window"], "窗口办理"))
    with pytest.raises(Forbidden):
        service.reply(db, actor=as_(hall, "clerk"), notice_id=notice.id, text="我来反馈")
    with pytest.raises(NotFound):
        service.reply(db, actor=as_(hall, "social_head"), notice_id=notice.id, text="不是我的科室")
    with pytest.raises(Forbidden):
        service.close(db, actor=as_(hall, "director"), notice_id=notice.id)
    # The handler opens the notice from their notification; a colleague cannot.
    assert service.get_notice(db, actor=as_(hall, "clerk"), notice_id=notice.id) is notice
    with pytest.raises(NotFound):
        service.get_notice(db, actor=as_(hall, "other_clerk"), notice_id=notice.id)


def test_the_prefix_is_the_admins_to_set(db, hall, late):
    with pytest.raises(ValidationFailed) as caught:
        service.update_prefix(db, actor=as_(hall, "admin"), prefix="锦 政")
    assert caught.value.field == "number_prefix"
    with pytest.raises(Forbidden):
        service.update_prefix(db, actor=as_(hall, "supervisor"), prefix="锦督")
    service.update_prefix(db, actor=as_(hall, "admin"), prefix="锦服督")
    assert _issue(db, hall, late["window"]).number == "锦服督〔2026〕第001号"
    assert _audit(db, "update")[-1].entity == "supervision_settings"


def test_a_new_year_starts_at_one(db, hall, late, clock):
    _issue(db, hall, late["window"])
    clock.set(dt.date(2027, 1, 5))
    assert _issue(db, hall, late["online"]).number == "锦政服督〔2027〕第001号"
