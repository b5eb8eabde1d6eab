import pytest

from xiaoneng.calendar import service


@pytest.fixture(scope="session")
def library_calendar():
    """The calendar built from chinesecalendar's data, as an unseeded database sees it."""
    return service._library_calendar()


@pytest.fixture
def seeded(db):
    service.seed_from_library(db)
    return db
