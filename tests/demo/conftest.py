"""A demo district built into the test's rolled-back transaction, and a digest of what a build generated."""

import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case
from xiaoneng.demo import builder
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification

SEED = 20261123


@pytest.fixture
def demo(db):
    """The district without its year of activity (tests/demo/test_cases_year.py builds that once per module)."""
    return builder.build(db, seed=SEED, steps=builder.ORGANISATION_STEPS)


def snapshot(session: Session) -> str:
    """A digest of what was generated, without database ids (PostgreSQL sequences do not roll back)."""
    queries = [
        select(Case.number, Case.applicant_name, Case.status, Case.due_on, Case.completed_at, Case.overdue),
        select(Rating.rated_at, Rating.level, Rating.channel, Rating.comment, Rating.rater_name, Rating.is_default),
        select(Rectification.received_on, Rectification.status, Rectification.escalation, Rectification.ledger_due),
    ]
    digest = hashlib.sha256()
    for query in queries:
        # Sorted here, not in SQL: rows equal in the sort columns would come back in any order.
        for row in sorted(repr(tuple(r)) for r in session.execute(query)):
            digest.update(row.encode())
    return digest.hexdigest()
