"""The one clock: tests set it, and a server started by a test runs from the test's time."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from xiaoneng.db import utcnow
from xiaoneng.kit import clock as kit_clock
from xiaoneng.kit.clock import TZ


def test_the_fixture_sets_the_clock_that_the_code_reads(clock):
    clock.set(dt.date(2027, 2, 9))
    assert kit_clock.today() == dt.date(2027, 2, 9)
    assert utcnow() == dt.datetime(2027, 2, 9, 2, 0, tzinfo=dt.UTC)
    clock.advance(days=1, hours=3)
    assert kit_clock.now() == dt.datetime(2027, 2, 10, 13, 0, tzinfo=TZ)


def test_a_test_server_starts_its_clock_at_the_given_instant_and_runs_on():
    env = {**os.environ, "XIAONENG_ENV": "test", "XIAONENG_CLOCK_AT": "2030-01-02T03:04:05+08:00"}
    code = "import time; from xiaoneng.kit import clock; a = clock.now(); time.sleep(0.05); print(a, clock.now() > a)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("2030-01-02 03:04:05") and out.strip().endswith("True")


def test_outside_tests_the_variable_is_ignored():
    env = {**os.environ, "XIAONENG_ENV": "production", "XIAONENG_CLOCK_AT": "2030-01-02T03:04:05+08:00"}
    code = "from xiaoneng.kit import clock; print(clock.today().year)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() != "2030"
