"""Request dependencies: the database session (commit at the edge), the current user, role checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from xiaoneng.auth import service as auth_service
from xiaoneng.errors import Forbidden, NotAuthenticated
from xiaoneng.kit.scope import Actor


def get_db(request: Request) -> Iterator[Session]:
    """One session per request: committed when the handler succeeds, rolled back when it raises."""
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


DbSession = Annotated[Session, Depends(get_db)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else ""


def get_optional_user(request: Request, db: DbSession) -> Actor | None:
    user_id = request.session.get("uid")
    if not user_id:
        return None
    actor = auth_service.load_actor(db, int(user_id), ip=client_ip(request))
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
