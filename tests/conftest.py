import os

from tests.fixtures.waiting import sleep_through_faketime

os.environ.setdefault("XIAONENG_ENV", "test")
sleep_through_faketime()

from xiaoneng import wiring  # noqa: E402  (after the environment is set)

wiring.install()  # as every entry point does: the rectification loop subscribes to bad reviews

pytest_plugins = ["tests.fixtures.clock", "tests.fixtures.database", "tests.fixtures.web"]
