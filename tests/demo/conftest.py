"""A demo district built into the test's rolled-back transaction."""

import pytest

from xiaoneng.demo import builder

SEED = 20261123


@pytest.fixture
def demo(db):
    return builder.build(db, seed=SEED)
