"""Drafting, changing and issuing letters: numbers per center, kind and year, the dates of issue, the head of the
department told with a link, scope per role, every change audited, bad input refused naming the field."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_center, make_department, make_staff
from tests.letters.conftest import BODY, draft
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.letters import service
from xiaoneng.letters.models import Letter
from xiaoneng.notifications.models import Notification


def test_a_draft_keeps_every_element_and_has_no_number_yet(db, office):
    letter = draft(db, office)
    assert letter.status == "draft" and letter.number == "" and letter.serial is None
    assert letter.issuer == letter.signature == "锦城新区政务服务中心"
    assert letter.to_name == "不动产登记科" and letter.department_id == office["land"].id
    assert letter.paragraphs == BODY and letter.copy_to == ["中心主任", "中心纪检组"]
    assert letter.printed_by == "锦城新区政务服务中心综合服务科"
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "letter.draft")).one()
    assert record.entity_id == str(letter.id)


def test_issuing_numbers_per_kind_and_year_and_dates_the_letter(db, office):
    supervisor = actor_for(office["supervisor"])
    at = lambda y, m, d: dt.datetime(y, m, d, 9, 30, tzinfo=TZ)  # noqa: E731
    # The last working day of 2025, then the first of 2026 (1 January to 3 January are the New Year holiday).
    first = service.issue(db, actor=supervisor, letter_id=draft(db, office).id, at=at(2025, 12, 31))
    second = service.issue(db, actor=supervisor, letter_id=draft(db, office).id, at=at(2025, 12, 31))
    urge = service.issue(db, actor=supervisor, letter_id=draft(db, office, kind="urge").id, at=at(2025, 12, 31))
    new_year = service.issue(db, actor=supervisor, letter_id=draft(db, office).id, at=at(2026, 1, 4))
    assert [first.number, second.number, urge.number, new_year.number] == [
        "锦政服函〔2025〕1号", "锦政服函〔2025〕2号", "锦政服督函〔2025〕1号", "锦政服函〔2026〕1号"]
    assert new_year.dated_on == new_year.printed_on == dt.date(2026, 1, 4)
    assert first.status == "issued" and first.issued_by_id == office["supervisor"].id


def test_another_center_counts_on_its_own(db, office):
    other = make_center(db, name="锦城新区公共资源交易中心")
    dept = make_department(db, center=other, name="交易服务科")
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=other)
    mine = service.issue(db, actor=actor_for(office["supervisor"]), letter_id=draft(db, office).id)
    theirs = service.draft(db, actor=actor_for(supervisor), kind="notice", to_department_id=dept.id, title="关于开标区秩序的提示函",
                           paragraphs=["请加强开标区秩序管理。"])
    theirs = service.issue(db, actor=actor_for(supervisor), letter_id=theirs.id)
    assert mine.number == "锦政服函〔2026〕1号" and theirs.number == "锦城新函〔2026〕1号"


def test_the_head_of_the_department_is_told_with_a_link(db, office):
    letter = service.issue(db, actor=actor_for(office["supervisor"]), letter_id=draft(db, office).id)
    [note] = db.scalars(select(Notification).where(Notification.kind == "letter_issued")).all()
    assert note.recipient_id == office["head"].id and note.link == f"/letters/{letter.id}"
    assert note.title == "提示函 锦政服函〔2026〕1号：关于不动产登记科窗口服务不规范问题的提示函"
    free = draft(db, office, to_department_id=None, to_name="锦城新区行政审批局")
    service.issue(db, actor=actor_for(office["supervisor"]), letter_id=free.id)
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "letter_issued")) == 1


def test_an_issued_letter_cannot_change_or_be_issued_again(db, office):
    supervisor = actor_for(office["supervisor"])
    letter = service.issue(db, actor=supervisor, letter_id=draft(db, office).id)
    with pytest.raises(Conflict, match="已印发"):
        service.issue(db, actor=supervisor, letter_id=letter.id)
    with pytest.raises(Conflict):
        service.update_draft(db, actor=supervisor, letter_id=letter.id, kind="notice", to_name="x", title="改",
                             paragraphs=["改"])


def test_a_draft_is_changed_and_the_change_audited(db, office):
    letter = draft(db, office)
    service.update_draft(db, actor=actor_for(office["supervisor"]), letter_id=letter.id, kind="urge",
                         to_department_id=office["social"].id, title="关于社保窗口的督办函", paragraphs=["请于5个工作日内办结。"])
    assert (letter.kind, letter.to_name, letter.paragraphs) == ("urge", "社保科", ["请于5个工作日内办结。"])
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "letter.update")).one()
    assert {"正文", "主送科室", "文种", "标题"} <= set(json.loads(record.detail)["fields"])


@pytest.mark.parametrize("changes, field, message", [
    ({"kind": "memo"}, "kind", "请选择文种"),
    ({"to_department_id": None, "to_name": ""}, "to_name", "请选择主送科室或填写主送机关"),
    ({"to_department_id": 999999}, "to_department_id", "所选主送科室不存在"),
    ({"title": "  "}, "title", "标题不能为空"),
    ({"title": "关" * 101}, "title", "标题不能超过 100 个字符"),
    ({"paragraphs": ["", "  "]}, "paragraphs", "正文不能为空"),
    ({"paragraphs": ["好", "长" * 2001]}, "paragraphs", "正文第 2 段不能超过 2000 个字符"),
    ({"attachments": ["清单", "附" * 101]}, "attachments", "附件第 2 项不能超过 100 个字符"),
    ({"copy_to": ["抄"] * 21}, "copy_to", "抄送机关最多 20 项"),
    ({"source_link": "https://evil.example/"}, "source_link", "来源链接应为本平台内的地址"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(db, office, changes, field, message):
    with pytest.raises(ValidationFailed, match=message) as refused:
        draft(db, office, **changes)
    assert refused.value.field == field
    assert db.scalar(select(func.count()).select_from(Letter)) == 0


def test_a_department_of_another_center_is_no_addressee(db, office):
    elsewhere = make_department(db, name="别处的科室")
    with pytest.raises(ValidationFailed, match="所选主送科室不存在"):
        draft(db, office, to_department_id=elsewhere.id)


def test_who_may_see_and_write(db, office):
    letter = draft(db, office)
    with pytest.raises(NotFound):  # a head does not see the supervisors' drafts
        service.get_letter(db, actor=actor_for(office["head"]), letter_id=letter.id)
    service.issue(db, actor=actor_for(office["supervisor"]), letter_id=letter.id)
    assert service.get_letter(db, actor=actor_for(office["head"]), letter_id=letter.id) is letter
    assert service.get_letter(db, actor=actor_for(office["director"]), letter_id=letter.id) is letter
    with pytest.raises(NotFound):
        service.get_letter(db, actor=actor_for(office["other_head"]), letter_id=letter.id)
    with pytest.raises(Forbidden):
        service.get_letter(db, actor=actor_for(office["clerk"]), letter_id=letter.id)
    for person in ("head", "director", "admin"):
        with pytest.raises(Forbidden):
            service.draft(db, actor=actor_for(office[person]), kind="notice", to_name="x", title="t", paragraphs=["p"])


def test_other_domains_draft_with_the_system_actor_and_find_their_letters(db, office):
    center_id = office["center"].id
    letter = service.draft(db, actor=system_actor(center_id), kind="reminder", to_department_id=office["land"].id,
                           title="关于投诉件TS2026110001逾期未办结的催办通知书", paragraphs=["该投诉件已超过办理时限。"],
                           source_entity="complaint", source_id=41, source_link="/complaints/41")
    service.issue(db, actor=system_actor(center_id), letter_id=letter.id)
    assert letter.number == "锦政服催〔2026〕1号" and letter.drafted_by_id is None
    about = service.letters_about(db, actor=actor_for(office["head"]), entity="complaint", source_id=41)
    assert about == [letter]


def test_the_admin_sets_the_prefix_and_later_letters_use_it(db, office):
    admin = actor_for(office["admin"])
    with pytest.raises(ValidationFailed, match="不含年份、括号和序号") as refused:
        service.update_settings(db, actor=admin, prefix="锦政服〔2026〕", signature="x", printed_by="y")
    assert refused.value.field == "prefix"
    service.update_settings(db, actor=admin, prefix="锦新政服", signature="锦城新区政务服务中心",
                            printed_by="锦城新区政务服务中心办公室")
    letter = service.issue(db, actor=actor_for(office["supervisor"]), letter_id=draft(db, office).id)
    assert letter.number == "锦新政服函〔2026〕1号" and letter.printed_by == "锦城新区政务服务中心办公室"
    with pytest.raises(Forbidden):
        service.update_settings(db, actor=actor_for(office["supervisor"]), prefix="x", signature="x", printed_by="y")
