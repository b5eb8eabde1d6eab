"""Use cases of questionnaires: a supervisor composes one from question types, changes it while a draft,
publishes it (its link and QR code then take answers) and closes it; anyone answers a published one through its
link, once per browser. Every change audited; only flush()es."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor, ensure_visible, public_actor
from xiaoneng.surveys import rules
from xiaoneng.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from xiaoneng.surveys.rules import QuestionSpec, SurveyStatus


def _fields(title, intro, closes_on, questions: list[QuestionSpec], today: dt.date) -> dict:
    title, intro = clean_text(title), clean_text(intro)
    check("title", text_problem(title, label="问卷标题", max_len=rules.TITLE_MAX))
    check("intro", text_problem(intro, label="问卷说明", max_len=rules.INTRO_MAX, required=False))
    if closes_on is not None and closes_on < today:
        raise ValidationFailed("截止日期不能早于今天", field="closes_on")
    rules.check_questions(questions)
    return {"title": title, "intro": intro, "closes_on": closes_on}


def _put_questions(session: Session, survey: Survey, questions: list[QuestionSpec]) -> None:
    for position, q in enumerate(questions, 1):
        options = [o.strip() for o in q.options if o.strip()] if q.kind in rules.CHOICE_KINDS else []
        session.add(SurveyQuestion(survey_id=survey.id, position=position, kind=q.kind, text=q.text.strip(),
                                   options=options, required=q.required))
    session.flush()


def create_survey(session: Session, *, actor: Actor, title: str, intro: str = "", closes_on: dt.date | None = None,
                  questions: list[QuestionSpec]) -> Survey:
    actor.require("surveys.write")
    center_id = actor_center_id(actor)
    values = _fields(title, intro, closes_on, questions, clock.today())
    survey = Survey(center_id=center_id, status=SurveyStatus.DRAFT, created_by_id=actor.user_id, **values)
    session.add(survey)
    session.flush()
    _put_questions(session, survey, questions)
    audit.record(session, actor=actor, action="survey.create", entity="survey", entity_id=survey.id,
                 center_id=center_id, detail={"title": survey.title, "questions": len(questions)})
    return survey


def get_survey(session: Session, *, actor: Actor, survey_id) -> Survey:
    actor.require("surveys.read")
    return ensure_visible(session.get(Survey, record_id(survey_id)), actor)


def _draft(session: Session, actor: Actor, survey_id) -> Survey:
    actor.require("surveys.write")
    survey = get_survey(session, actor=actor, survey_id=survey_id)
    if survey.status != SurveyStatus.DRAFT:
        raise Conflict("问卷已发布，题目不能再修改（可结束后另建一份）", field="status")
    return survey


def update_survey(session: Session, *, actor: Actor, survey_id, title: str, intro: str = "",
                  closes_on: dt.date | None = None, questions: list[QuestionSpec]) -> Survey:
    survey = _draft(session, actor, survey_id)
    values = _fields(title, intro, closes_on, questions, clock.today())
    for k, v in values.items():
        setattr(survey, k, v)
    session.execute(delete(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id))
    session.flush()
    _put_questions(session, survey, questions)
    audit.record(session, actor=actor, action="survey.update", entity="survey", entity_id=survey.id,
                 center_id=survey.center_id, detail={"title": survey.title, "questions": len(questions)})
    return survey


def publish(session: Session, *, actor: Actor, survey_id, at: dt.datetime | None = None) -> Survey:
    survey = _draft(session, actor, survey_id)
    at = at or clock.now()
    if survey.closes_on is not None and survey.closes_on < clock.local(at).date():
        raise ValidationFailed("截止日期已过，请先修改截止日期", field="closes_on")
    survey.status, survey.published_at = SurveyStatus.PUBLISHED, at
    session.flush()
    audit.record(session, actor=actor, action="survey.publish", entity="survey", entity_id=survey.id,
                 center_id=survey.center_id, detail={"title": survey.title})
    return survey


def close(session: Session, *, actor: Actor, survey_id, at: dt.datetime | None = None) -> Survey:
    actor.require("surveys.write")
    survey = get_survey(session, actor=actor, survey_id=survey_id)
    if survey.status != SurveyStatus.PUBLISHED:
        raise Conflict("只有收集中的问卷可以结束", field="status")
    survey.status, survey.closed_at = SurveyStatus.CLOSED, at or clock.now()
    session.flush()
    audit.record(session, actor=actor, action="survey.close", entity="survey", entity_id=survey.id,
                 center_id=survey.center_id, detail={"title": survey.title})
    return survey


def questions_of(session: Session, survey: Survey) -> list[SurveyQuestion]:
    return list(session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
                                .order_by(SurveyQuestion.position)))


def response_count(session: Session, survey: Survey) -> int:
    return session.scalar(select(func.count()).select_from(SurveyResponse)
                          .where(SurveyResponse.survey_id == survey.id)) or 0


# --- the public side: no account, a signed link ----------------------------------------------------------------

def public_survey(session: Session, *, survey_id: int, center_id: int) -> Survey:
    """The survey a link names, as long as it was published (a draft's link shows nothing)."""
    survey = session.get(Survey, survey_id)
    if survey is None or survey.center_id != center_id or survey.status == SurveyStatus.DRAFT:
        raise NotFound("问卷不存在或尚未发布")
    return survey


def has_answered(session: Session, *, survey: Survey, browser_key: str) -> bool:
    return session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.browser_key == browser_key)) > 0


def submit(session: Session, *, survey: Survey, browser_key: str, nonce: str, answers: dict[int, list[str]],
           ip: str = "", at: dt.datetime | None = None) -> SurveyResponse:
    """One anonymous response: `answers` maps each question's position to what the form sent for it. Refused
    with the question named when an answer is missing or wrong, and when this browser has answered already."""
    at = at or clock.now()
    if not rules.is_open(survey.status, survey.closes_on, clock.local(at).date()):
        raise Conflict("本问卷已结束，感谢您的关注", field="status")
    questions = questions_of(session, survey)
    read = [(q, rules.read_answer(q.kind, q.options, answers.get(q.position, []), number=q.position,
                                  required=q.required)) for q in questions]
    if all(a.empty for _, a in read):
        raise ValidationFailed("请至少回答一道题", field="q1")
    response = SurveyResponse(survey_id=survey.id, center_id=survey.center_id, browser_key=browser_key,
                              nonce=nonce[:64], submitted_at=at)
    try:
        with session.begin_nested():  # a second answer from this browser, or a replayed form, is refused here
            session.add(response)
    except IntegrityError:
        raise Conflict("您已填写过本问卷，感谢参与", field="form") from None
    for q, a in read:
        if not a.empty:
            session.add(SurveyAnswer(response_id=response.id, question_id=q.id,
                                     choices=list(a.choices) if a.choices is not None else None, score=a.score,
                                     text=a.text))
    session.flush()
    audit.record(session, actor=public_actor(survey.center_id, ip=ip), action="survey.answer",
                 entity="survey_response", entity_id=response.id, center_id=survey.center_id,
                 detail={"title": survey.title})
    return response
