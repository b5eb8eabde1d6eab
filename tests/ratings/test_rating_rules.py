"""Levels and the 5-working-day rating window of S0 art.7 and art.10, on real dates."""

import datetime as dt

import pytest

from xiaoneng.ratings.rules import (
    DEFAULT_LEVEL,
    Channel,
    Level,
    default_due,
    rating_deadline,
    rating_open,
    step_rating_accepted,
)

D = dt.date


def test_two_lowest_levels_are_bad_reviews():
    assert [lv.label for lv in Level if lv.is_bad] == ["不满意", "非常不满意"]
    assert DEFAULT_LEVEL.label == "满意" and not DEFAULT_LEVEL.is_bad


@pytest.mark.parametrize("completed, deadline", [
    (D(2025, 1, 24), D(2025, 2, 7)),  # make-up Sun 1/26, 1/27, Spring Festival 1/28-2/4, then 2/5, 2/6, 2/7
    (D(2026, 9, 29), D(2026, 10, 12)),  # 9/30, then National Day 2026 10/1-10/7, make-up Sat 10/10
    (D(2024, 12, 27), D(2025, 1, 6)),  # New Year's Day 2025 in between
])
def test_rating_deadline(cal, completed, deadline):
    assert rating_deadline(completed, cal) == deadline
    assert rating_open(completed, deadline, cal)
    assert not default_due(completed, deadline, cal)
    assert default_due(completed, deadline + dt.timedelta(days=1), cal)


@pytest.mark.parametrize("channel, completed, today, accepted", [
    # S0 art. 7: the supplementary online rating within 5 working days; refused on the 6th.
    (Channel.ONLINE, D(2026, 11, 4), D(2026, 11, 11), True),  # Wed → Wed 11/11, the 5th working day
    (Channel.ONLINE, D(2026, 11, 4), D(2026, 11, 12), False),  # Thu 11/12, the 6th working day
    (Channel.SYSTEM_STEP, D(2026, 9, 29), D(2026, 10, 12), True),  # 国庆 in between, make-up Sat 10/10 counts
    (Channel.SYSTEM_STEP, D(2026, 9, 29), D(2026, 10, 13), False),
    (Channel.QR_CODE, D(2026, 11, 4), D(2026, 11, 12), False),
    # S0 art. 8: social channels have no time limit.
    (Channel.SOCIAL, D(2026, 11, 4), D(2026, 12, 2), True),  # the 20th working day after
    (Channel.SOCIAL, D(2026, 9, 29), D(2026, 11, 2), True),  # the 20th working day across 国庆
    (Channel.SOCIAL, D(2025, 1, 24), D(2026, 1, 24), True),  # a year later
])
def test_only_the_online_and_on_site_channels_are_held_to_the_five_days(cal, channel, completed, today, accepted):
    assert step_rating_accepted(channel, completed, today, cal) is accepted
