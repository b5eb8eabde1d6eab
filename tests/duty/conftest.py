import pytest

from xiaoneng.calendar import service


@pytest.fixture(scope="session")
def calendar():
    """The national calendar from the library's official schedules (2025: 国庆 10/1-10/8, make-up 9/28 and 10/11;
    2026: 国庆 10/1-10/7, make-up 9/20 and 10/10)."""
    return service._library_calendar()
