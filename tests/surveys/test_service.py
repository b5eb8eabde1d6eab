"""Composing, publishing and closing a questionnaire, answered anonymously once per browser: each step audited,
bad input refused naming the field and writing nothing, scope per center and role."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_staff
from tests.surveys.conftest import QUESTIONS, make_survey
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.surveys import links, queries, service
from xiaoneng.surveys.models import Survey, SurveyAnswer, SurveyResponse
from xiaoneng.surveys.rules import QuestionSpec


def answer(db, survey, browser="browser-0000000001", nonce="n1", values=None):
    answers = {1: ["5"], 2: ["0"], **(values or {})}
    return service.submit(db, survey=survey, browser_key=links.browser_key(survey.id, browser), nonce=nonce,
                          answers={int(k): v for k, v in answers.items()})


def test_compose_publish_answer_close(db, people):
    survey = make_survey(db, people)
    assert survey.status == "published" and [q.kind for q in service.questions_of(db, survey)] == [
        "scale", "single", "multiple", "text"]
    answer(db, survey, values={3: ["0", "1"], 4: ["希望增加周末服务"]})
    answer(db, survey, browser="browser-0000000002", nonce="n2", values={1: ["3"], 2: ["2"]})
    results = dict((q.position, t) for q, t in queries.results(db, survey=survey))
    assert results[1].counts == [0, 0, 1, 0, 1] and results[1].average == 4.0
    assert results[2].counts == [1, 0, 1] and results[3].counts == [1, 1, 0, 0] and results[3].answered == 1
    assert results[4].texts == ["希望增加周末服务"]
    service.close(db, actor=actor_for(people["supervisor"]), survey_id=survey.id)
    with pytest.raises(Conflict, match="本问卷已结束"):
        answer(db, survey, browser="browser-0000000003", nonce="n3")
    actions = set(db.scalars(select(AuditRecord.action).where(AuditRecord.action.like("survey.%"))))
    assert actions == {"survey.create", "survey.publish", "survey.answer", "survey.close"}


def test_one_answer_per_browser_and_per_form(db, people):
    survey = make_survey(db, people)
    answer(db, survey)
    with pytest.raises(Conflict, match="您已填写过本问卷"):
        answer(db, survey, nonce="n2")  # the same browser
    with pytest.raises(Conflict, match="您已填写过本问卷"):
        answer(db, survey, browser="browser-0000000002")  # the same form sent again
    assert db.scalar(select(func.count()).select_from(SurveyResponse)) == 1
    assert service.has_answered(db, survey=survey, browser_key=links.browser_key(survey.id, "browser-0000000001"))


def test_a_bad_answer_writes_nothing(db, people):
    survey = make_survey(db, people)
    with pytest.raises(ValidationFailed, match="第 2 题为必答题") as refused:
        service.submit(db, survey=survey, browser_key="k", nonce="n", answers={1: ["5"]})
    assert refused.value.field == "q2"
    assert db.scalar(select(func.count()).select_from(SurveyAnswer)) == 0


def test_a_draft_changes_until_published_and_takes_no_answers(db, people):
    survey = make_survey(db, people, publish=False)
    with pytest.raises(NotFound):
        service.public_survey(db, survey_id=survey.id, center_id=survey.center_id)
    service.update_survey(db, actor=actor_for(people["supervisor"]), survey_id=survey.id, title="窗口服务调查",
                          questions=[QuestionSpec("scale", "满意吗")])
    assert [q.text for q in service.questions_of(db, survey)] == ["满意吗"]
    service.publish(db, actor=actor_for(people["supervisor"]), survey_id=survey.id)
    with pytest.raises(Conflict, match="问卷已发布"):
        service.update_survey(db, actor=actor_for(people["supervisor"]), survey_id=survey.id, title="改",
                              questions=QUESTIONS)


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "问卷标题不能为空"),
    ({"closes_on": dt.date(2026, 11, 17)}, "closes_on", "截止日期不能早于今天"),
    ({"questions": [QuestionSpec("single", "类型", ("一",))]}, "questions.1.options", "第 1 题：选择题须有"),
])
def test_bad_compositions_are_refused(db, people, changes, field, message):
    with pytest.raises(ValidationFailed, match=message) as refused:
        make_survey(db, people, publish=False, **changes)
    assert refused.value.field == field
    assert db.scalar(select(func.count()).select_from(Survey)) == 0


def test_who_may_compose_and_read(db, people):
    survey = make_survey(db, people)
    assert service.get_survey(db, actor=actor_for(people["director"]), survey_id=survey.id) is survey
    with pytest.raises(Forbidden):
        make_survey(db, {**people, "supervisor": people["director"]})
    with pytest.raises(Forbidden):
        service.get_survey(db, actor=actor_for(people["clerk"]), survey_id=survey.id)
    elsewhere = make_staff(db, role=Role.SUPERVISOR)
    with pytest.raises(NotFound):
        service.get_survey(db, actor=actor_for(elsewhere), survey_id=survey.id)
