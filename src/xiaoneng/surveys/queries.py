"""Questionnaires as a list (state, search, sort, paged, XLSX), a survey's tabulated results, and its answers as a
spreadsheet, one row per response and one column per question, choices by their wording."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.surveys import rules
from xiaoneng.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from xiaoneng.surveys.service import questions_of

SORTS = {"created": Survey.created_at, "title": Survey.title, "status": Survey.status, "closes": Survey.closes_on}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    sort: str = "created"
    descending: bool = True


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("surveys.read")
    stmt = scoped(select(Survey), Survey, actor)
    if f.status:
        if f.status not in set(rules.SurveyStatus):
            raise ValidationFailed("状态不正确", field="status")
        stmt = stmt.where(Survey.status == f.status)
    stmt = search(stmt, f.q, Survey.title, Survey.intro)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    return stmt.order_by(column.desc() if f.descending else column.asc(),
                         Survey.id.desc() if f.descending else Survey.id.asc())


def list_surveys(session: Session, *, actor: Actor, filters: Filters, page: int = 1) -> Page[Survey]:
    return paginate(session, _statement(actor, filters), page=page, per_page=20)


def response_counts(session: Session, survey_ids: list[int]) -> dict[int, int]:
    if not survey_ids:
        return {}
    rows = session.execute(select(SurveyResponse.survey_id, func.count()).where(
        SurveyResponse.survey_id.in_(survey_ids)).group_by(SurveyResponse.survey_id))
    return dict(rows.all())


def list_sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    def rows():
        surveys = list(session.scalars(_statement(actor, filters)))
        counts = response_counts(session, [s.id for s in surveys])
        for s in surveys:
            yield [s.title, rules.STATUS_LABELS[rules.SurveyStatus(s.status)], s.published_at, s.closes_on,
                   counts.get(s.id, 0)]

    columns = [Column("问卷", width=40), Column("状态"), Column("发布时间", "datetime"), Column("截止日期", "date"),
               Column("答卷数", "int")]
    return Sheet(name="满意度调查", title=title, columns=columns, rows=rows())


def _answer(a: SurveyAnswer) -> rules.Answer:
    return rules.Answer(choices=tuple(a.choices) if a.choices is not None else None, score=a.score, text=a.text)


def results(session: Session, *, survey: Survey) -> list[tuple[SurveyQuestion, rules.Tally]]:
    """Each question with its tally, read in one pass over the survey's answers."""
    questions = questions_of(session, survey)
    tallies = {q.id: rules.new_tally(q.kind, q.options) for q in questions}
    stmt = (select(SurveyAnswer).join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .where(SurveyResponse.survey_id == survey.id).order_by(SurveyAnswer.id.desc()))
    for answer in session.scalars(stmt).yield_per(2000):
        if answer.question_id in tallies:
            rules.add_answer(tallies[answer.question_id], _answer(answer))
    return [(q, tallies[q.id]) for q in questions]


def _cell(question: SurveyQuestion, answer: SurveyAnswer | None):
    if answer is None:
        return None
    if question.kind in rules.CHOICE_KINDS:
        return "；".join(question.options[i] for i in (answer.choices or []) if 0 <= i < len(question.options))
    if question.kind == rules.QuestionKind.SCALE:
        return answer.score
    return answer.text


def answers_sheet(session: Session, *, survey: Survey, title: str) -> Sheet:
    questions = questions_of(session, survey)
    columns = [Column("答卷序号", "int"), Column("提交时间", "datetime")] + [
        Column(f"{q.position}. {q.text}", "int" if q.kind == rules.QuestionKind.SCALE else "text",
               width=14 if q.kind == rules.QuestionKind.SCALE else 30) for q in questions]

    def rows():
        responses = select(SurveyResponse).where(SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)
        offset, number = 0, 0
        while chunk := list(session.scalars(responses.limit(1000).offset(offset))):
            found: dict[tuple[int, int], SurveyAnswer] = {}
            for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.response_id.in_([r.id for r in chunk]))):
                found[(a.response_id, a.question_id)] = a
            for r in chunk:
                number += 1
                yield [number, r.submitted_at] + [_cell(q, found.get((r.id, q.id))) for q in questions]
            offset += 1000

    return Sheet(name="答卷", title=title, columns=columns, rows=rows())
