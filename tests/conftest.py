import os

from tests.fixtures.waiting import sleep_through_faketime

os.environ.setdefault("XIAONENG_ENV", "test")
sleep_through_faketime()

pytest_plugins = ["tests.fixtures.clock", "tests.fixtures.database", "tests.fixtures.web"]
