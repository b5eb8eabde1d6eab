"""Public disclosure pages (S0 art.12): no sign-in, light HTML, rate-limited per client address."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from xiaoneng.disclosure import service
from xiaoneng.kit import clock
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, limit_public
from xiaoneng.web.templating import render

# Only GET routes: require_csrf passes them without touching the session, so no cookie is needed or set.
router = APIRouter(prefix="/public", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _limit(request: Request) -> None:
    limit_public(request, "disclosure")


@router.get("/{center_code}/ratings", dependencies=[Depends(_limit)])
def public_ratings_page(center_code: str, request: Request, db: DbSession):
    page = service.public_ratings(db, center_code=center_code, month=request.query_params.get("month"),
                                  today=clock.today(), page=request.query_params.get("page"))
    return render(request, "disclosure/ratings.html", {"page": page, "levels": service.LEVELS})
