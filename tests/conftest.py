import os

os.environ.setdefault("XIAONENG_ENV", "test")

pytest_plugins = ["tests.fixtures.clock", "tests.fixtures.database", "tests.fixtures.web"]
