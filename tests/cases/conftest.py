import pytest

from xiaoneng.calendar import service


@pytest.fixture(scope="session")
def cal():
    return service._library_calendar()
