"""Questionnaire rules as tables: composed questions refused naming the question, answers read from what a form
sends (positions, scores, text) and refused naming the question, the tally of answers, when a survey is open."""

import datetime as dt

import pytest

from xiaoneng.errors import ValidationFailed
from xiaoneng.surveys import rules
from xiaoneng.surveys.rules import Answer, QuestionSpec


@pytest.mark.parametrize("questions, message", [
    ([], "请至少添加一道题"),
    ([QuestionSpec("", "满意吗")], "第 1 题：请选择题型"),
    ([QuestionSpec("scale", "满意吗"), QuestionSpec("text", " ")], "第 2 题：题目不能为空"),
    ([QuestionSpec("single", "类型", ("只有一个",))], "第 1 题：选择题须有 2 至 10 个选项"),
    ([QuestionSpec("multiple", "方面", ("等候", "等候"))], "第 1 题：选项不能重复"),
    ([QuestionSpec("single", "类型", ("甲" * 61, "乙"))], "超过 60 个字符"),
    ([QuestionSpec("scale", "满意吗", ("多余",))], "第 1 题：只有选择题才有选项"),
    ([QuestionSpec("text", "意见")] * 31, "一份问卷最多 30 道题"),
])
def test_composed_questions_are_checked(questions, message):
    with pytest.raises(ValidationFailed, match=message):
        rules.check_questions(questions)


OPTIONS = ["不动产登记", "社保医保", "公积金"]


@pytest.mark.parametrize("kind, raw, answer", [
    ("scale", ["4"], Answer(score=4)),
    ("single", ["2"], Answer(choices=(2,))),
    ("multiple", ["2", "0", "2"], Answer(choices=(0, 2))),
    ("text", ["  周末也能办就好了 "], Answer(text="周末也能办就好了")),
    ("text", [], Answer()),
])
def test_answers_are_read(kind, raw, answer):
    assert rules.read_answer(kind, OPTIONS, raw, number=3, required=False) == answer


@pytest.mark.parametrize("kind, raw, required, message", [
    ("scale", [], True, "第 3 题为必答题，请作答"),
    ("scale", ["6"], True, "第 3 题：请选择 1 至 5 分"),
    ("scale", ["0"], True, "第 3 题：请选择 1 至 5 分"),
    ("single", ["3"], True, "第 3 题：所选选项不存在"),
    ("single", ["-1"], True, "第 3 题：所选选项不存在"),
    ("single", ["0", "1"], True, "第 3 题为单选题，只能选一项"),
    ("text", ["字" * 501], False, "第 3 题：请在 500 字以内作答"),
])
def test_bad_answers_name_the_question(kind, raw, required, message):
    with pytest.raises(ValidationFailed, match=message) as refused:
        rules.read_answer(kind, OPTIONS, raw, number=3, required=required)
    assert refused.value.field == "q3"


def test_the_tally_counts_options_scores_and_keeps_texts():
    scale = rules.new_tally("scale", [])
    for score in (5, 5, 4, 1):
        rules.add_answer(scale, Answer(score=score))
    rules.add_answer(scale, Answer())  # not answered: not counted
    assert scale.counts == [1, 0, 0, 1, 2] and scale.answered == 4 and scale.average == 3.75
    multiple = rules.new_tally("multiple", OPTIONS)
    for choices in ((0, 1), (1,), (1, 2)):
        rules.add_answer(multiple, Answer(choices=choices))
    assert multiple.counts == [1, 3, 1] and multiple.share(1) == 1.0 and multiple.average is None
    text = rules.new_tally("text", [])
    rules.add_answer(text, Answer(text="好"), keep_texts=1)
    rules.add_answer(text, Answer(text="很好"), keep_texts=1)
    assert text.texts == ["好"] and text.answered == 2


@pytest.mark.parametrize("status, closes_on, today, open_", [
    ("published", None, dt.date(2026, 11, 18), True),
    ("published", dt.date(2026, 11, 18), dt.date(2026, 11, 18), True),  # the last day counts
    ("published", dt.date(2026, 10, 8), dt.date(2026, 10, 9), False),  # closed the day after the 国庆 holiday
    ("draft", None, dt.date(2026, 11, 18), False),
    ("closed", None, dt.date(2026, 11, 18), False),
])
def test_when_a_survey_takes_answers(status, closes_on, today, open_):
    assert rules.is_open(status, closes_on, today) is open_
