"""The demo's letters and questionnaire: 提示函 and 督办函 across the year, numbered per kind and calendar year
without gaps (the year spans two), a draft or two, the heads told; one published survey with its answers."""

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select

from xiaoneng.demo import builder
from xiaoneng.demo.letters_year import add_letters
from xiaoneng.demo.surveys_year import add_survey
from xiaoneng.letters.models import Letter, LetterCounter
from xiaoneng.notifications.models import Notification
from xiaoneng.surveys import queries
from xiaoneng.surveys.models import Survey, SurveyResponse

SEED = 20261123


def test_letters_and_survey_of_the_year(db):
    builder.build(db, seed=SEED, today=dt.date(2026, 11, 18), steps=[*builder.ORGANISATION_STEPS, add_letters, add_survey])
    letters = list(db.scalars(select(Letter)))  # 3 a month, 18 November 2025 to 17 November 2026: 13 months
    assert len(letters) == 3 * 13 and {l.kind for l in letters} == {"notice", "urge"}
    serials = defaultdict(list)
    for l in letters:
        if l.status == "issued":
            serials[(l.kind, l.year)].append(l.serial)
            assert l.number.endswith(f"〔{l.year}〕{l.serial}号") and l.dated_on.year == l.year
    assert {year for _, year in serials} == {2025, 2026}
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in serials.values())
    counters = {(c.kind, c.year): c.last for c in db.scalars(select(LetterCounter))}
    assert counters == {k: len(v) for k, v in serials.items()}
    assert any(l.status == "draft" for l in letters)
    assert db.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "letter_issued")) > 20
    survey = db.scalars(select(Survey)).one()
    responses = db.scalar(select(func.count()).select_from(SurveyResponse))
    assert survey.status == "published" and 150 <= responses <= 400
    tallies = [t for _, t in queries.results(db, survey=survey)]
    assert tallies[0].answered == responses and 3.5 < tallies[0].average < 4.6
    assert tallies[5].texts
