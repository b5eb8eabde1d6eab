"""Questionnaires (满意度调查, F3): question types, what a composed question and a given answer must satisfy, the
states of a survey, and the tabulation of answers. Pure: no database, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from xiaoneng.errors import ValidationFailed


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"  # 1-5
    TEXT = "text"


KIND_LABELS = {QuestionKind.SINGLE: "单选题", QuestionKind.MULTIPLE: "多选题", QuestionKind.SCALE: "1-5 分评分题",
               QuestionKind.TEXT: "文字题"}
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE = (1, 2, 3, 4, 5)
SCALE_LABELS = {1: "1 分 很不满意", 2: "2 分 不满意", 3: "3 分 一般", 4: "4 分 满意", 5: "5 分 非常满意"}


class SurveyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


STATUS_LABELS = {SurveyStatus.DRAFT: "草稿", SurveyStatus.PUBLISHED: "收集中", SurveyStatus.CLOSED: "已结束"}

TITLE_MAX, INTRO_MAX, QUESTION_MAX, OPTION_MAX, TEXT_ANSWER_MAX = 100, 1000, 200, 60, 500
QUESTIONS_MAX, OPTIONS_MIN, OPTIONS_MAX = 30, 2, 10


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = True


def check_questions(questions: list[QuestionSpec]) -> None:
    """ValidationFailed naming the question (第 N 题) and what is wrong with it; nothing else is checked after."""
    if not questions:
        raise ValidationFailed("请至少添加一道题", field="questions")
    if len(questions) > QUESTIONS_MAX:
        raise ValidationFailed(f"一份问卷最多 {QUESTIONS_MAX} 道题", field="questions")
    for n, q in enumerate(questions, 1):
        where = f"第 {n} 题"
        if q.kind not in set(QuestionKind):
            raise ValidationFailed(f"{where}：请选择题型（单选、多选、1-5 分评分、文字）", field=f"questions.{n}.kind")
        if not q.text.strip():
            raise ValidationFailed(f"{where}：题目不能为空", field=f"questions.{n}.text")
        if len(q.text) > QUESTION_MAX:
            raise ValidationFailed(f"{where}：题目不能超过 {QUESTION_MAX} 个字符", field=f"questions.{n}.text")
        if q.kind in CHOICE_KINDS:
            options = [o for o in q.options if o.strip()]
            if not OPTIONS_MIN <= len(options) <= OPTIONS_MAX:
                raise ValidationFailed(f"{where}：选择题须有 {OPTIONS_MIN} 至 {OPTIONS_MAX} 个选项（每行一个）",
                                       field=f"questions.{n}.options")
            if len(set(options)) != len(options):
                raise ValidationFailed(f"{where}：选项不能重复", field=f"questions.{n}.options")
            long = next((o for o in options if len(o) > OPTION_MAX), None)
            if long:
                raise ValidationFailed(f"{where}：选项“{long[:10]}…”超过 {OPTION_MAX} 个字符",
                                       field=f"questions.{n}.options")
        elif q.options:
            raise ValidationFailed(f"{where}：只有选择题才有选项", field=f"questions.{n}.options")


@dataclass(frozen=True)
class Answer:
    choices: tuple[int, ...] | None = None
    score: int | None = None
    text: str = ""

    @property
    def empty(self) -> bool:
        return not self.choices and self.score is None and not self.text


def read_answer(kind: str, options: list[str], raw: list[str], *, number: int, required: bool) -> Answer:
    """An answer from what the form sent for one question (its values as strings), or ValidationFailed naming the
    question. Choices are sent as option positions, so a renamed option cannot shift the count."""
    where, name = f"第 {number} 题", f"q{number}"
    values = [v.strip() for v in raw if v and v.strip()]
    if not values:
        if required:
            raise ValidationFailed(f"{where}为必答题，请作答", field=name)
        return Answer()
    if kind == QuestionKind.TEXT:
        text = values[0]
        if len(text) > TEXT_ANSWER_MAX:
            raise ValidationFailed(f"{where}：请在 {TEXT_ANSWER_MAX} 字以内作答", field=name)
        return Answer(text=text)
    if kind == QuestionKind.SCALE:
        if len(values) != 1 or values[0] not in {str(s) for s in SCALE}:
            raise ValidationFailed(f"{where}：请选择 1 至 5 分", field=name)
        return Answer(score=int(values[0]))
    picked = []
    for value in values:
        if not value.isdigit() or not 0 <= int(value) < len(options):
            raise ValidationFailed(f"{where}：所选选项不存在，请刷新页面后重新作答", field=name)
        picked.append(int(value))
    if kind == QuestionKind.SINGLE and len(set(picked)) != 1:
        raise ValidationFailed(f"{where}为单选题，只能选一项", field=name)
    return Answer(choices=tuple(sorted(set(picked))))


def is_open(status: str, closes_on: dt.date | None, today: dt.date) -> bool:
    return status == SurveyStatus.PUBLISHED and (closes_on is None or today <= closes_on)


@dataclass
class Tally:
    """One question's results: counts per option (or per score), how many answered, the texts given."""
    kind: str
    labels: list[str]
    counts: list[int]
    answered: int = 0
    score_sum: int = 0
    texts: list[str] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return round(self.score_sum / self.answered, 2) if self.kind == QuestionKind.SCALE and self.answered else None

    def share(self, i: int) -> float:
        """The share of those who answered the question that chose option i (multiple choice: more than 100 % in all)."""
        return self.counts[i] / self.answered if self.answered else 0.0


def new_tally(kind: str, options: list[str]) -> Tally:
    if kind == QuestionKind.SCALE:
        return Tally(kind, [SCALE_LABELS[s] for s in SCALE], [0] * len(SCALE))
    if kind in CHOICE_KINDS:
        return Tally(kind, list(options), [0] * len(options))
    return Tally(kind, [], [])


def add_answer(tally: Tally, answer: Answer, *, keep_texts: int = 50) -> None:
    if answer.empty:
        return
    tally.answered += 1
    if answer.score is not None:
        tally.counts[answer.score - 1] += 1
        tally.score_sum += answer.score
    for i in answer.choices or ():
        if 0 <= i < len(tally.counts):
            tally.counts[i] += 1
    if answer.text and len(tally.texts) < keep_texts:
        tally.texts.append(answer.text)
