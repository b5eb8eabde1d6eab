"""Masking of personal data (C6) and the public rate limiter (K4); free text is scrubbed by disclosure/rules.py."""

import pytest

from xiaoneng.errors import TooManyRequests
from xiaoneng.kit.masking import mask_id_number, mask_name, mask_phone
from xiaoneng.kit.ratelimit import RateLimiter


@pytest.mark.parametrize("raw, masked", [("13912345678", "139****5678"), ("139 1234 5678", "139****5678"),
                                         ("028-85551234", "*******1234"), ("", "")])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


@pytest.mark.parametrize("raw, masked", [("王小明", "王**"), ("李四", "李*"), ("欧阳", "欧*"), ("", "")])
def test_mask_name(raw, masked):
    assert mask_name(raw) == masked


def test_mask_id_number():
    assert mask_id_number("51010719900101123X") == "510***********123X"


def test_the_limiter_refuses_over_the_limit_and_forgives_after_the_window():
    now = [0.0]
    limiter = RateLimiter(3, 60, clock=lambda: now[0])
    for _ in range(3):
        limiter.hit("10.0.0.1")
    with pytest.raises(TooManyRequests):
        limiter.hit("10.0.0.1")
    limiter.hit("10.0.0.2")  # other clients are not affected
    now[0] = 61.0
    limiter.hit("10.0.0.1")
