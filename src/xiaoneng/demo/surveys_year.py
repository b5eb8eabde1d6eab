"""The demo's questionnaire: the center's satisfaction survey published two months before the build, with a few
hundred anonymous answers on the working days since (most satisfied, some not, a few comments). Written in bulk;
deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.calendar import service as calendar_service
from xiaoneng.kit import bulk
from xiaoneng.demo.days import at
from xiaoneng.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from xiaoneng.surveys.rules import SurveyStatus

TITLE = "锦城新区政务服务中心群众满意度调查"
QUESTIONS = [
    ("scale", "您对本次在大厅办事的总体满意度", [], True),
    ("single", "您本次办理的业务", ["市场主体登记", "不动产登记", "社保医保", "公积金", "其他"], True),
    ("single", "您从取号到开始办理大约等了多久", ["10分钟以内", "10至30分钟", "30分钟至1小时", "1小时以上"], True),
    ("multiple", "您认为大厅最需要改进的方面", ["等候时间", "服务态度", "办事指南", "自助设备", "停车", "网上办理"], False),
    ("scale", "窗口工作人员的服务态度", [], True),
    ("text", "您的其他意见和建议", [], False),
]
COMMENTS = ["希望午间也能办理", "自助打印机经常缺纸", "工作人员很耐心，点赞", "停车位太少", "网上预约后现场还要重新取号",
            "指引牌不够清楚，找窗口花了些时间", "材料一次性告知得很清楚", "希望周末开放部分窗口"]
SCORES = (5, 5, 5, 5, 4, 4, 4, 3, 2, 1)
PER_DAY = (4, 9)


def add_survey(session: Session, ctx) -> None:
    gov, rng = ctx.centers["gov"], ctx.rng
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    ref = ctx.reference_date
    start = ref - dt.timedelta(days=60)
    days = cal.working_days_between(start, ref)
    supervisor = next(s for s in ctx.staff if s.username == "supervisor")
    published = at(days[0], 9 * 60)
    bulk.insert(session, Survey.__table__, [dict(
        center_id=gov.id, title=TITLE, intro="本调查匿名进行，约需1分钟，您的意见将用于改进政务服务。",
        status=str(SurveyStatus.PUBLISHED), closes_on=None, created_by_id=supervisor.id, published_at=published,
        closed_at=None, created_at=published - dt.timedelta(days=2), updated_at=published)])
    survey_id = session.scalar(select(Survey.id).where(Survey.center_id == gov.id, Survey.title == TITLE))
    bulk.insert(session, SurveyQuestion.__table__, [
        dict(survey_id=survey_id, position=i, kind=kind, text=text, options=options, required=required)
        for i, (kind, text, options, required) in enumerate(QUESTIONS, 1)])
    questions = dict(session.execute(select(SurveyQuestion.position, SurveyQuestion.id)
                                     .where(SurveyQuestion.survey_id == survey_id)).all())
    responses, answers = [], []
    for day in days:
        for n in range(rng.randint(*PER_DAY)):
            number = len(responses)
            responses.append(dict(
                survey_id=survey_id, center_id=gov.id, submitted_at=at(day, 8 * 60 + 45 + rng.randrange(480)),
                browser_key=hashlib.sha256(f"demo:{ctx.seed}:{number}".encode()).hexdigest(),
                nonce=hashlib.sha256(f"demo-nonce:{ctx.seed}:{number}".encode()).hexdigest()[:40]))
            answers.append(_answers(rng))
    before = bulk.last_id(session, SurveyResponse.__table__)
    bulk.insert(session, SurveyResponse.__table__, responses)
    ids = list(session.scalars(select(SurveyResponse.id).where(SurveyResponse.id > before)
                               .order_by(SurveyResponse.id)))
    rows = [dict(response_id=rid, question_id=questions[position], choices=choices, score=score, text=text)
            for rid, given in zip(ids, answers) for position, choices, score, text in given]
    bulk.insert(session, SurveyAnswer.__table__, rows)
    ctx.counts.update({"surveys": 1, "survey_responses": len(responses)})


def _answers(rng) -> list[tuple[int, list | None, int | None, str]]:
    overall = rng.choice(SCORES)
    wait = min(3, max(0, (5 - overall) // 1 - rng.randrange(2)))
    found = [(1, None, overall, ""), (2, [rng.choices(range(5), weights=(30, 22, 26, 12, 10))[0]], None, ""),
             (3, [wait], None, ""), (5, None, min(5, max(1, overall + rng.choice((-1, 0, 0, 1)))), "")]
    if overall <= 4 or rng.random() < 0.3:
        found.append((4, sorted(rng.sample(range(6), rng.randint(1, 3))), None, ""))
    if rng.random() < 0.15:
        found.append((6, None, None, rng.choice(COMMENTS)))
    return found
