"""Public disclosure pages (S0 art.12): no sign-in, light HTML, rate-limited per client address."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from xiaoneng.disclosure import service
from xiaoneng.kit import clock
from xiaoneng.kit.ratelimit import RateLimiter
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, client_ip
from xiaoneng.web.templating import render

# Only GET routes: require_csrf passes them without touching the session, so no cookie is needed or set.
router = APIRouter(prefix="/public", dependencies=[Depends(require_csrf)], include_in_schema=False)


def _limit(request: Request) -> None:
    limiter = getattr(request.app.state, "disclosure_limiter", None)
    if limiter is None:
        limiter = RateLimiter(request.app.state.settings.public_rate_limit_per_minute)
        request.app.state.disclosure_limiter = limiter
    limiter.hit(f"disclosure:{client_ip(request)}")


@router.get("/{center_code}/ratings", dependencies=[Depends(_limit)])
def public_ratings_page(center_code: str, request: Request, db: DbSession):
    page = service.public_ratings(db, center_code=center_code, month=request.query_params.get("month"),
                                  today=clock.today())
    return render(request, "disclosure/ratings.html", {"page": page, "levels": service.LEVELS})
