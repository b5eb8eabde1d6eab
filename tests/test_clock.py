"""The one clock: tests set it, and a server started by a test runs from the test's time."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.db import utcnow
from xiaoneng.kit import clock as kit_clock
from xiaoneng.kit.clock import TZ

ROOT = Path(__file__).resolve().parents[1]


def test_the_fixture_sets_the_clock_that_the_code_reads(clock):
    clock.set(dt.date(2027, 2, 9))
    assert kit_clock.today() == dt.date(2027, 2, 9)
    assert utcnow() == dt.datetime(2027, 2, 9, 2, 0, tzinfo=dt.UTC)
    clock.advance(days=1, hours=3)
    assert kit_clock.now() == dt.datetime(2027, 2, 10, 13, 0, tzinfo=TZ)


def test_a_test_server_starts_its_clock_at_the_given_instant_and_runs_on():
    env = {**os.environ, "XIAONENG_ENV": "test", "XIAONENG_CLOCK_AT": "2030-01-02T03:04:05+08:00"}
    code = ("import threading; from xiaoneng.kit import clock; a = clock.now(); threading.Event().wait(0.05); "
            "print(a, clock.now() > a)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.startswith("2030-01-02 03:04:05") and out.strip().endswith("True")


def test_outside_tests_the_variable_is_ignored():
    env = {**os.environ, "XIAONENG_ENV": "production", "XIAONENG_CLOCK_AT": "2030-01-02T03:04:05+08:00"}
    code = "from xiaoneng.kit import clock; print(clock.today().year)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() != "2030"


def test_every_test_stands_at_the_suite_instant_without_asking_for_the_clock():
    assert kit_clock.now() == DEFAULT_NOW


@pytest.fixture(scope="module")
def instant_outside_a_test():
    return kit_clock.now()


def test_module_fixtures_read_the_suite_instant_too(instant_outside_a_test):
    assert instant_outside_a_test == DEFAULT_NOW


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs Debian's faketime")
@pytest.mark.parametrize("workaround", [False, True])
def test_time_sleep_works_under_faketime_only_with_the_workaround(workaround):
    code = ("import time; from tests.fixtures.waiting import sleep_through_faketime; "
            + ("sleep_through_faketime(); " if workaround else "") + "time.sleep(0.01); print('slept')")
    env = {**os.environ, "FAKETIME_DONT_FAKE_MONOTONIC": "1"}
    run = subprocess.run(["faketime", "+200 days", sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60, cwd=ROOT)
    assert (run.stdout.strip() == "slept") is workaround, run.stderr
