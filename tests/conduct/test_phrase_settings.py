"""The admin edits the center's phrases on a page: shown as text (no codes, no JSON), saved after the check, used by
the next scan, a malformed one refused naming the phrase by its text, the built-in set restored."""

from sqlalchemy import select

from tests.conduct.conftest import TODAY, rated
from tests.fixtures.objects import make_center, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.conduct import phrase_form, service
from xiaoneng.conduct.models import Finding, PhraseSet
from xiaoneng.conduct.phrases import builtin_data
from xiaoneng.org.models import Center


def _form(data: dict) -> dict:
    """The page's fields for `data`, as the browser posts them."""
    fields = {"count": str(len(data["phrases"]) + 1)}
    for r in phrase_form.rows_of(data):
        fields.update({f"code_{r.n}": r.code, f"kind_{r.n}": r.kind, f"text_{r.n}": r.text,
                       f"slots_{r.n}": r.slots, f"unless_after_{r.n}": r.unless_after,
                       f"unless_before_{r.n}": r.unless_before})
    return fields


def test_rows_and_form_round_trip_the_builtin_set():
    data = builtin_data()
    back, _ = phrase_form.data_of(_form(data), len(data["phrases"]))
    assert [(p["code"], p["text"], p["slots"]) for p in back["phrases"]] == [
        (p["code"], p["text"], [sorted(set(s), key=s.index) for s in p["slots"]]) for p in data["phrases"]]
    first = phrase_form.rows_of(data)[0]
    assert first.slots.splitlines()[1] == "（可省略）你/您" and first.unless_after == "清楚、明白"


def test_the_admin_adds_a_phrase_on_the_page(db, sign_in):
    center = make_center(db)
    admin = make_staff(db, role=Role.ADMIN, center=center)
    browser = sign_in(admin)
    page = browser.page("/conduct/phrases")
    assert page.status_code == 200
    assert "我不知道，你去问××" in page.text and "（可省略）你/您" in page.text and "目前使用内置的服务规范用语" in page.text
    assert '"phrases"' not in page.text and ">J01<" not in page.text
    fields = _form(builtin_data())
    n = fields["count"]
    fields.update({f"kind_{n}": "forbidden", f"text_{n}": "这事不归我管", f"slots_{n}": "这事/这个\n不归我管/不是我负责"})
    response = browser.submit("/conduct/phrases", fields)
    assert response.status_code == 303
    row = db.get(PhraseSet, center.id)
    assert row.version == 1 and row.data["phrases"][-1]["slots"] == [["这事", "这个"], ["不归我管", "不是我负责"]]
    assert "已保存 18 条用语（第 1 版）" in browser.page("/conduct/phrases").text


def test_a_malformed_phrase_is_refused_by_its_text_and_nothing_changes(db, sign_in):
    center = make_center(db)
    browser = sign_in(make_staff(db, role=Role.ADMIN, center=center))
    fields = _form(builtin_data())
    fields["slots_1"] = "（可省略）你/您"  # only an optional group: nothing to anchor on
    page = browser.submit("/conduct/phrases", fields)
    assert page.status_code == 422
    assert "用语“我不知道，你去问××”至少要有一组不可省略的写法" in page.text
    assert db.get(PhraseSet, center.id) is None


def test_restore_and_who_may(db, sign_in):
    rating = rated(db, "窗口说这事不是我负责")
    center = db.get(Center, rating.center_id)
    admin = make_staff(db, role=Role.ADMIN, center=center)
    data = builtin_data()
    data["phrases"].append({"code": "C001", "kind": "forbidden", "text": "这事不归我管",
                            "slots": [["这事"], ["不是我负责"]]})
    from xiaoneng.auth.service import actor_for

    service.update_phrases(db, actor=actor_for(admin), data=data)
    service.scan_new_texts(db, today=TODAY)
    assert [f.phrase_text for f in db.scalars(select(Finding))] == ["这事不归我管"]
    browser = sign_in(admin)
    assert browser.submit("/conduct/phrases", {"restore": "1", "count": "0"}).status_code == 303
    assert db.get(PhraseSet, center.id).data == builtin_data()
    supervisor = sign_in(make_staff(db, role=Role.SUPERVISOR, center=center))
    assert supervisor.page("/conduct/phrases").status_code == 403
