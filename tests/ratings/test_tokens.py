"""Signed links: tokens name one kind and record, nonces and follow-up tickets belong to the page they came from."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import links, tokens
from xiaoneng.ratings.tokens import TokenKind, TokenRefused

SECRET = "k" * 40
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.mark.parametrize("kind", list(TokenKind))
def test_a_token_round_trips_its_kind_record_and_center(kind):
    token = links.qr_token(kind, 42, center_id=7, secret=SECRET, now=NOW, days=400)
    parsed = tokens.verify(token, secret=SECRET, now=NOW)
    assert (parsed.kind, parsed.record_id, parsed.center_id) == (kind, 42, 7)
    assert parsed.expires_at == NOW + dt.timedelta(days=400)


@pytest.mark.parametrize("now, refused", [(NOW + dt.timedelta(days=29), False), (NOW + dt.timedelta(days=30), True)])
def test_a_token_expires_at_its_signed_time(now, refused):
    token = links.qr_token(TokenKind.WINDOW, 1, center_id=1, secret=SECRET, now=NOW, days=30)
    if refused:
        with pytest.raises(TokenRefused):
            tokens.verify(token, secret=SECRET, now=now)
    else:
        assert tokens.verify(token, secret=SECRET, now=now).record_id == 1


def test_a_nonce_is_bound_to_its_page_and_secret():
    nonce = links.issue_nonce(secret=SECRET, token="page-a")
    assert len(links.check_nonce(nonce, secret=SECRET, token="page-a").nonce) <= 64
    for secret, token, value in [(SECRET, "page-b", nonce), ("x" * 40, "page-a", nonce), (SECRET, "page-a", ""),
                                 (SECRET, "page-a", nonce[:-2] + "xx")]:
        with pytest.raises(TokenRefused):
            links.check_nonce(value, secret=secret, token=token)


def test_two_renderings_get_different_nonces():
    first = links.check_nonce(links.issue_nonce(secret=SECRET, token="p"), secret=SECRET, token="p")
    second = links.check_nonce(links.issue_nonce(secret=SECRET, token="p"), secret=SECRET, token="p")
    assert first != second


def test_a_follow_up_ticket_carries_the_rating_and_rater_key_only():
    class Rated:
        id, rater_key = 9, "dev:abc"

    ticket = links.follow_up_ticket(Rated, secret=SECRET, token="t1")
    assert links.check_follow_up_ticket(ticket, secret=SECRET, token="t1") == (9, "dev:abc")
    with pytest.raises(TokenRefused):
        links.check_follow_up_ticket(ticket, secret=SECRET, token="t2")
