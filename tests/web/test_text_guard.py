"""Control characters (NUL, other C0 controls, lone surrogates) are refused at the edge with a 422 naming the
field, in query strings and in JSON and form bodies, before a handler runs: on PostgreSQL a NUL reached the driver
as a 500 (found by schemathesis on the exchange invitations and the jobs page)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_department, make_item, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.items.models import ServiceItem
from xiaoneng.web.text_guard import bad_body_field, bad_json_field, bad_query_field


@pytest.mark.parametrize("value, field", [
    ({"name": "好"}, None),
    ({"comment": "第一行\n第二行\t制表"}, None),
    ({"name": "a\x00b"}, "name"),
    ({"outer": {"item_code": "x\x1f"}}, "item_code"),
    ({"tags": ["ok", "bad\x7f"]}, "tags"),
    ({"na\x00me": "ok"}, "na\x00me"),
    ({"name": "\ud800"}, "name"),  # a lone surrogate: json.loads gives it, PostgreSQL cannot encode it
    ({"name": "😀"}, None),  # a pair is one character
    ("\x00", "body"),
    ([1, 2, None, True], None),
])
def test_json_values(value, field):
    assert bad_json_field(value) == field


@pytest.mark.parametrize("query, field", [
    (b"q=%E5%BC%A0&page=2", None),
    (b"job=%2F%3D%C2%95v%00", "job"),
    (b"q=%0Aline", None),
    (b"q=%1B", "q"),
    (b"q=%FF", "q"),  # not UTF-8
    (b"", None),
])
def test_query_strings(query, field):
    assert bad_query_field(query) == field


def test_a_body_that_is_not_json_is_left_to_the_handler():
    assert bad_body_field("application/json", b"{not json") is None
    assert bad_body_field("application/x-www-form-urlencoded", b"name=a%00b&kind=x") == "name"


def test_a_json_body_with_a_nul_is_refused_naming_the_field_and_changes_nothing(db, sign_in):
    dept = make_department(db)
    item = make_item(db, department=dept, name="营业执照办理")
    api = sign_in(make_staff(db, role=Role.ADMIN, department=dept))
    answer = api.api("PATCH", f"/api/items/{item.id}", json={"name": "营业\x00执照"})
    assert answer.status_code == 422
    assert answer.json() == {"code": "validation_failed", "message": "字段 name：含有不可见的控制字符", "field": "name"}
    db.expire_all()
    assert db.scalar(select(ServiceItem.name).where(ServiceItem.id == item.id)) == "营业执照办理"


def test_the_invitation_and_jobs_page_found_by_fuzzing_answer_422(db, sign_in):
    api = sign_in(make_staff(db, role=Role.ADMIN, department=make_department(db)))
    answer = api.api("POST", "/api/exchange/invitations",
                     json={"external_ref": "X1", "item_code": "a\x00", "applicant_name": "黄勇",
                           "received_at": "2026-11-16T09:00:00+08:00", "completed_at": "2026-11-16T10:00:00+08:00"})
    assert answer.status_code == 422 and answer.json()["field"] == "item_code"
    page = api.page("/admin/jobs?job=%2F%3D%00")
    assert page.status_code == 422 and "字段 job：含有不可见的控制字符" in page.text


def test_a_page_form_with_a_control_character_gets_a_chinese_page(db, sign_in):
    browser = sign_in(make_staff(db, role=Role.ADMIN, department=make_department(db)))
    browser.page("/admin/items")
    page = browser.submit("/admin/items/new", {"name": "x\x08"})
    assert page.status_code == 422 and "含有不可见的控制字符" in page.text
