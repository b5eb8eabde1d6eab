"""Paged results for lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.bounds import DB_INT_MAX, MAX_PER_PAGE

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paginate(session: Session, stmt: Select, *, page: int = 1, per_page: int = 20) -> Page:
    if page > DB_INT_MAX:  # an offset past what the database takes; the API's types refuse it before this
        raise ValidationFailed("页码过大", field="page")
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    items = list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
    return Page(items=items, total=total, page=page, per_page=per_page)
