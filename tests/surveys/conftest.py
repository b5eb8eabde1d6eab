"""A supervisor, a director and a clerk of one center, and a questionnaire of each question type."""

import pytest

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.surveys import service
from xiaoneng.surveys.rules import QuestionSpec

QUESTIONS = [
    QuestionSpec("scale", "您对本次办事的总体满意度"),
    QuestionSpec("single", "您办理的业务类型", ("不动产登记", "社保医保", "公积金")),
    QuestionSpec("multiple", "您认为需要改进的方面", ("等候时间", "服务态度", "办事指南", "停车"), required=False),
    QuestionSpec("text", "其他意见建议", required=False),
]


@pytest.fixture
def people(db):
    center = make_center(db, name="锦城新区政务服务中心")
    dept = make_department(db, center=center, name="综合窗口")
    return {"center": center, "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="周监察"),
            "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="孙主任"),
            "clerk": make_staff(db, department=dept, full_name="刘洋")}


def make_survey(db, people, *, publish=True, **kw):
    actor = actor_for(people["supervisor"])
    survey = service.create_survey(db, actor=actor, title=kw.pop("title", "2026年政务服务满意度调查"),
                                   intro="匿名填写，约需1分钟。", questions=kw.pop("questions", QUESTIONS), **kw)
    if publish:
        service.publish(db, actor=actor, survey_id=survey.id)
    return survey
