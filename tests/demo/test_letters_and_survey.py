"""The demo's questionnaire: one published survey with its answers. (The year's letters are drafted from the
inspections' findings: tests/demo/test_inspections_year.py.)"""

import datetime as dt

from sqlalchemy import func, select

from xiaoneng.demo import builder
from xiaoneng.demo.surveys_year import add_survey
from xiaoneng.surveys import queries
from xiaoneng.surveys.models import Survey, SurveyResponse

SEED = 20261123


def test_survey_of_the_year(db):
    builder.build(db, seed=SEED, today=dt.date(2026, 11, 18), steps=[*builder.ORGANISATION_STEPS, add_survey])
    survey = db.scalars(select(Survey)).one()
    responses = db.scalar(select(func.count()).select_from(SurveyResponse))
    assert survey.status == "published" and 150 <= responses <= 400
    tallies = [t for _, t in queries.results(db, survey=survey)]
    assert tallies[0].answered == responses and 3.5 < tallies[0].average < 4.6
    assert tallies[5].texts
