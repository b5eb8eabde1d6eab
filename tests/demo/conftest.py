"""A demo district built into the test's rolled-back transaction."""

import pytest

from xiaoneng.demo import builder

SEED = 20261123


@pytest.fixture
def demo(db):
    """The district without its year of activity (tests/demo/test_cases_year.py builds that once per module)."""
    return builder.build(db, seed=SEED, steps=builder.ORGANISATION_STEPS)
