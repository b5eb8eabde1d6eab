"""Request dependencies: the database session (commit at the edge), the current user, role checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.auth import service as auth_service
from xiaoneng.db import session_factory
from xiaoneng.errors import Forbidden, NotAuthenticated
from xiaoneng.kit.ratelimit import RateLimiter
from xiaoneng.kit.scope import Actor


def get_db(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler succeeds, rolled back when it raises.

    Function-scoped (below): FastAPI runs the code after `yield` of a request-scoped dependency after the answer
    has been sent, so a 2xx would leave before its COMMIT. Here the commit runs when the handler returns and before
    the answer leaves; a failed commit answers an error, and a streamed body reads from a session of its own."""
    session = request.app.state.session_factory()
    request.state.db = session  # the page header's unread count reads through the request's own session
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DbSession = Annotated[Session, Depends(get_db, scope="function")]


def read_sessions(request: Request) -> sessionmaker[Session]:
    """Read-only sessions for reports, dashboards and other pages that may lag a moment behind the primary: the read
    replica's when XIAONENG_READ_DATABASE_URL names one (app.state.read_engine), else the primary's. An export or
    a read right after a change uses `fresh_read_sessions`."""
    state = request.app.state
    sessions = getattr(state, "replica_session_factory", None)
    if sessions is None:
        engine = getattr(state, "read_engine", None)
        sessions = fresh_read_sessions(request) if engine is None else session_factory(engine, readonly=True)
        state.replica_session_factory = sessions
    return sessions


report_sessions = read_sessions  # the name that says what may read the replica


def fresh_read_sessions(request: Request) -> sessionmaker[Session]:
    """Read-only sessions of the primary (kept on app.state): they see every committed change. An application whose
    sessions are joined to one connection (the tests' rolled-back transaction) reads through those."""
    state = request.app.state
    sessions = getattr(state, "read_session_factory", None)
    if sessions is None:
        sessions = state.session_factory
        bind = sessions.kw.get("bind")
        if isinstance(bind, Engine):
            sessions = session_factory(bind, readonly=True)
        state.read_session_factory = sessions
    return sessions


def client_ip(request: Request) -> str:
    """The peer's address, or the one a trusted proxy forwarded: the server (`xiaoneng serve`) replaces the peer
    from X-Forwarded-For only when the peer is in XIAONENG_TRUSTED_PROXIES. The header itself is never read here."""
    return request.client.host if request.client else ""


def limit_public(request: Request, bucket: str) -> None:
    """Count one request of this client address on a public endpoint (K4); TooManyRequests past the limit.

    Each bucket (rating pages, disclosure, the rating API) has its own limiter, `app.state.<bucket>_limiter`,
    created on first use from the application's settings."""
    name = f"{bucket}_limiter"
    limiter = getattr(request.app.state, name, None)
    if limiter is None:
        limiter = RateLimiter(request.app.state.settings.public_rate_limit_per_minute)
        setattr(request.app.state, name, limiter)
    limiter.hit(client_ip(request) or "unknown")


def get_optional_user(request: Request, db: DbSession) -> Actor | None:
    """The signed-in user, if the session names an active account and its session version is still current."""
    user_id = request.session.get("uid")
    if not user_id:
        return None
    actor = auth_service.session_actor(db, int(user_id), request.session.get("sv"), ip=client_ip(request))
    if actor is None:
        request.session.clear()
    return actor


def get_current_user(actor: Annotated[Actor | None, Depends(get_optional_user)]) -> Actor:
    if actor is None:
        raise NotAuthenticated()
    return actor


CurrentUser = Annotated[Actor, Depends(get_current_user)]
OptionalUser = Annotated[Actor | None, Depends(get_optional_user)]


def require_permission(permission: str):
    def _check(actor: CurrentUser) -> Actor:
        if not actor.can(permission):
            raise Forbidden()
        return actor

    return Depends(_check)
