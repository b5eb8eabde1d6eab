"""JSON API of service items: list, read with materials, create, change, deactivate, guide review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from xiaoneng.items import service
from xiaoneng.items.schemas import GuideReview, ItemCreate, ItemDetail, ItemPage, ItemUpdate, item_detail, item_read
from xiaoneng.kit import clock
from xiaoneng.kit.bounds import Id, PageNo, PerPage
from xiaoneng.kit.scope import Actor
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/items", tags=["items"], dependencies=[Depends(require_csrf)])

Reader = Annotated[Actor, require_permission("items.read")]
Writer = Annotated[Actor, require_permission("items.write")]


def _detail(db, actor, item) -> ItemDetail:
    return item_detail(item, service.item_materials(db, actor=actor, item_id=item.id))


@api.get("", response_model=ItemPage)
def list_items(db: DbSession, actor: Reader, q: Annotated[str | None, Query(description="按编码、名称搜索")] = None,
               department_id: Id | None = None, page: PageNo = 1,
               per_page: PerPage = 20, include_inactive: bool = False):
    """Items in scope (a department head or window staff sees their department's only)."""
    result = service.list_items(db, actor=actor, q=q, department_id=department_id, page=page, per_page=per_page,
                                include_inactive=include_inactive)
    return {"items": [item_read(i) for i in result.items], "total": result.total, "page": result.page,
            "per_page": result.per_page, "pages": result.pages}


@api.get("/{item_id}", response_model=ItemDetail)
def read_item(item_id: Id, db: DbSession, actor: Reader):
    """One item with its materials."""
    return _detail(db, actor, service.get_item(db, actor=actor, item_id=item_id))


@api.post("", response_model=ItemDetail, status_code=201)
def create_item(body: ItemCreate, db: DbSession, actor: Writer):
    """Register an item with its materials."""
    data = body.model_dump()
    item = service.create_item(db, actor=actor, **data)
    return _detail(db, actor, item)


@api.patch("/{item_id}", response_model=ItemDetail)
def patch_item(item_id: Id, body: ItemUpdate, db: DbSession, actor: Writer):
    """Change the given fields; `materials`, when present, replaces the whole list."""
    data = body.model_dump(exclude_unset=True)
    item = service.update_item(db, actor=actor, item_id=item_id, **data)
    return _detail(db, actor, item)


@api.post("/{item_id}/deactivate", response_model=ItemDetail)
def deactivate(item_id: Id, db: DbSession, actor: Writer):
    """Withdraw an item from service."""
    return _detail(db, actor, service.deactivate_item(db, actor=actor, item_id=item_id))


@api.post("/{item_id}/activate", response_model=ItemDetail)
def activate(item_id: Id, db: DbSession, actor: Writer):
    """Put an item back into service."""
    return _detail(db, actor, service.activate_item(db, actor=actor, item_id=item_id))


@api.post("/{item_id}/guide-reviewed", response_model=ItemDetail)
def guide_reviewed(item_id: Id, body: GuideReview, db: DbSession, actor: Writer):
    """Record the review of the item's guide (default today)."""
    item = service.mark_guide_reviewed(db, actor=actor, item_id=item_id, on=body.on or clock.today())
    return _detail(db, actor, item)
