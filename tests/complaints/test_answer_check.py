"""检查答复 through the test client: the draft's scores and reasons as JSON, nothing saved; an empty draft and a
person who may not answer are refused."""

from tests.complaints.conftest import register
from xiaoneng.complaints import rules, service


def test_a_draft_answer_is_scored_with_reasons_and_nothing_is_saved(db, hall, sign_in):
    c = register(db, hall, content="二手房过户材料交齐十天了还没办好，请问什么时候能办好？")
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id)
    head = sign_in(hall["head"])
    assert 'data-check-url="/complaints/%d/answer/check"' % c.id in head.page(f"/complaints/{c.id}").text
    thin = head.submit(f"/complaints/{c.id}/answer/check", {"answer": "已收到。"})
    assert thin.status_code == 200
    body = thin.json()
    assert set(body) == {"relevance", "completeness", "explanation", "overall", "levels", "reasons", "unanswered"}
    assert any("过于简短" in r for r in body["reasons"]) and body["levels"]["overall"] == "poor"
    assert body["unanswered"]
    full = head.submit(f"/complaints/{c.id}/answer/check", {"answer": (
        "经核实，您的二手房过户因档案调取延误。根据《不动产登记暂行条例》第二十条，登记应在受理后30个工作日内办结，"
        "我中心已于12月2日调取档案，预计12月4日前办好过户，下一步将安排专人跟踪，如有疑问可拨打咨询电话。")}).json()
    assert full["overall"] > body["overall"] + 0.3 and any("不动产登记暂行条例" in r for r in full["reasons"])
    empty = head.submit(f"/complaints/{c.id}/answer/check", {"answer": "  "})
    assert empty.status_code == 422 and empty.json()["message"] == "请先填写答复内容再检查"
    db.refresh(c)
    assert c.status == rules.Status.ASSIGNED and c.answer == ""  # checking is not answering
    clerk = sign_in(hall["clerk"])
    assert clerk.submit(f"/complaints/{c.id}/answer/check", {"answer": "已收到。"}).status_code in (403, 404)
