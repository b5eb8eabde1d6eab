"""Client addresses behind proxies: X-Forwarded-For is believed only from XIAONENG_TRUSTED_PROXIES, on a real
`xiaoneng serve` (the test client has no peer address and no proxy-header handling to get wrong)."""

from __future__ import annotations

from sqlalchemy import select

from tests.fixtures.live import serve_live
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.models import SignInThrottle
from xiaoneng.db import make_engine, session_scope

SPOOFED = ["203.0.113.7", "203.0.113.8", "203.0.113.9", "198.51.100.4"]


def _wrong_sign_ins(server) -> list[int]:
    """One wrong password per spoofed address, each for another (unknown) account."""
    client = server.client()
    codes = []
    for n, address in enumerate(SPOOFED):
        token = client.get("/api/auth/csrf").json()["csrf_token"]
        codes.append(client.post("/api/auth/login", json={"username": f"guess{n}", "password": "wrong-pass1"},
                                 headers={"x-csrf-token": token, "x-forwarded-for": address}).status_code)
    return codes


def _recorded(url) -> tuple[list[str], set[str]]:
    engine = make_engine(url)
    with session_scope(engine, readonly=True) as s:
        ips = s.scalars(select(AuditRecord.ip).where(AuditRecord.action == "auth.login_failed")
                        .order_by(AuditRecord.id)).all()
        keys = set(s.scalars(select(SignInThrottle.key).where(SignInThrottle.key.like("address:%"))).all())
    engine.dispose()
    return list(ips), keys


def test_a_forwarded_for_header_from_an_untrusted_peer_changes_nothing(own_database_url):
    with serve_live(own_database_url, env={"XIAONENG_SIGN_IN_ADDRESS_FAILURES": "3"}) as server:
        codes = _wrong_sign_ins(server)
    assert codes == [401, 401, 429, 429]  # one address, whatever the header says: locked after 3
    ips, keys = _recorded(own_database_url)
    assert ips == ["127.0.0.1"] * 3 and keys == {"address:127.0.0.1"}


def test_a_configured_proxy_forwards_the_clients_address(own_database_url):
    env = {"XIAONENG_SIGN_IN_ADDRESS_FAILURES": "3", "XIAONENG_TRUSTED_PROXIES": "127.0.0.1"}
    with serve_live(own_database_url, env=env) as server:
        codes = _wrong_sign_ins(server)
    assert codes == [401, 401, 401, 401]  # four clients behind the proxy, one failure each
    ips, keys = _recorded(own_database_url)
    assert ips == SPOOFED and keys == {f"address:{a}" for a in SPOOFED}


def test_a_proxy_network_is_trusted_and_the_last_untrusted_hop_counts(own_database_url):
    env = {"XIAONENG_SIGN_IN_ADDRESS_FAILURES": "3", "XIAONENG_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.0/8"}
    with serve_live(own_database_url, env=env) as server:
        client = server.client()
        token = client.get("/api/auth/csrf").json()["csrf_token"]
        # The client wrote the first entry itself; the proxies appended the real hops after it.
        client.post("/api/auth/login", json={"username": "guess", "password": "wrong-pass1"},
                    headers={"x-csrf-token": token, "x-forwarded-for": "192.0.2.1, 198.51.100.20, 10.1.2.3"})
    ips, _ = _recorded(own_database_url)
    assert ips == ["198.51.100.20"]
