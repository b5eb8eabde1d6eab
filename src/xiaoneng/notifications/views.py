"""The inbox page (/inbox): the signed-in user's own notices, unread first; and the unread count for the header."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from xiaoneng.kit.bounds import PageNo
from xiaoneng.kit.clock import local
from xiaoneng.kit.edits import record_id
from xiaoneng.notifications import service
from xiaoneng.notifications.rules import kind_label
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import CurrentUser, DbSession, fresh_read_sessions
from xiaoneng.web.templating import render, templates

router = APIRouter(prefix="/inbox", dependencies=[Depends(require_csrf)])


def inbox_unread(request: Request, actor) -> int:
    """Unread notices of the signed-in user, for the page header. It reads through the request's own session when
    the request dependency left one on request.state.db, otherwise through a short read-only session."""
    if actor is None or actor.user_id is None:
        return 0
    session = getattr(request.state, "db", None)
    if session is not None:
        return service.unread_count(session, actor=actor)
    with fresh_read_sessions(request)() as session:
        return service.unread_count(session, actor=actor)


templates.env.globals["inbox_unread"] = inbox_unread


def _safe_link(link: str) -> str:
    """Only links inside the platform are followed, so a notice cannot send a user elsewhere."""
    return link if link.startswith("/") and not link.startswith("//") else "/inbox"


@router.get("")
def inbox_page(request: Request, db: DbSession, actor: CurrentUser, page: PageNo = 1, unread: bool = False):
    result = service.inbox_groups(db, actor=actor, unread_only=unread, page=page, per_page=20)

    def url(n: int) -> str:
        return "/inbox?" + urlencode({"page": n, **({"unread": 1} if unread else {})})

    return render(request, "notifications/inbox.html", {
        "page": result, "unread_only": unread, "unread_total": service.unread_count(db, actor=actor),
        "kind_label": kind_label, "local": local, "safe_link": _safe_link, "flash": request.session.pop("flash", None),
        "prev_url": url(page - 1) if page > 1 else None, "next_url": url(page + 1) if page < result.pages else None,
    }, actor=actor)


@router.post("/{notification_id}/read")
def read_one(request: Request, db: DbSession, actor: CurrentUser, notification_id: str):
    note = service.mark_read(db, actor=actor, notification_id=record_id(notification_id))
    return RedirectResponse("/inbox", status_code=303) if request.query_params.get("stay") else \
        RedirectResponse(_safe_link(note.link or "/inbox"), status_code=303)


@router.post("/{notification_id}/read-group")
def read_group(request: Request, db: DbSession, actor: CurrentUser, notification_id: str):
    changed = service.mark_group_read(db, actor=actor, notification_id=record_id(notification_id))
    request.session["flash"] = f"已将这一组的 {changed} 条消息标为已读。" if changed else "这一组没有未读消息。"
    return RedirectResponse("/inbox", status_code=303)


@router.post("/read-all")
def read_all(request: Request, db: DbSession, actor: CurrentUser):
    changed = service.mark_all_read(db, actor=actor)
    request.session["flash"] = f"已将 {changed} 条消息标为已读。" if changed else "没有未读消息。"
    return RedirectResponse("/inbox", status_code=303)
