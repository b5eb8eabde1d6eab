"""Outbound addresses and the retry rule of the outbox."""

import pytest

from xiaoneng.notifications.rules import MAX_ATTEMPTS, address_problem, kind_label, should_try


@pytest.mark.parametrize("channel, address, ok", [
    ("email", "zhang.san@jcxq.gov.cn", True),
    ("email", "zhang.san@localhost", False),
    ("email", "not-an-address", False),
    ("email", "@jcxq.gov.cn", False),
    ("sms", "13800138000", True),
    ("sms", "+8613800138000", True),
    ("sms", "138-0013-8000", False),
    ("sms", "1380013", False),
    ("sms", "23800138000", False),
    ("sms", "", False),
    ("fax", "02887654321", False),
])
def test_address(channel, address, ok):
    assert (address_problem(channel, address) is None) is ok


@pytest.mark.parametrize("status, attempts, tried", [
    ("pending", 0, True),
    ("failed", 1, True),
    ("failed", MAX_ATTEMPTS - 1, True),
    ("failed", MAX_ATTEMPTS, False),
    ("sent", 1, False),
])
def test_should_try(status, attempts, tried):
    assert should_try(status, attempts) is tried


def test_unknown_kind_shows_its_own_name():
    assert kind_label("bad_review") == "差评"
    assert kind_label("weekly_report") == "weekly_report"
