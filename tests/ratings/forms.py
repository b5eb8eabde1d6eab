"""Submitting through the public rating API as its clients do: fetch the form (a nonce the server issued for the
token, bound to this client's device), then post the rating with it."""

from __future__ import annotations

FORM = "/api/public/ratings/form"
RATINGS = "/api/public/ratings"


def form(client, token: str, *, device: str = "") -> dict:
    answer = client.get(FORM, params={"token": token, **({"device": device} if device else {})})
    assert answer.status_code == 200, answer.text
    return answer.json()


def rate(client, body: dict, *, new_device: bool = False):
    """POST `body` with a freshly issued nonce (unless it brings one); `new_device`: as a phone never seen before."""
    body = dict(body)
    if "nonce" not in body:
        if new_device:
            client.cookies.clear()
        body["nonce"] = form(client, body["token"])["nonce"]
    return client.post(RATINGS, json=body)
