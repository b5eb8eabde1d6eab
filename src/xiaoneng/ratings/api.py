"""JSON API of 好差评 for staff: the scoped list, one rating with its follow-ups, entering a social rating."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from xiaoneng.kit.bounds import Id, PageNo, PerPage
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings import social
from xiaoneng.ratings.schemas import FollowUpRead, RatingDetail, RatingList, RatingRead, SocialRatingCreate
from xiaoneng.ratings.views import list_filters
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission

api = APIRouter(prefix="/ratings", tags=["ratings"], dependencies=[Depends(require_csrf)])
Reader = require_permission("ratings.read")
Enterer = require_permission("ratings.enter")


@api.get("", response_model=RatingList)
def list_ratings(request: Request, db: DbSession, actor=Reader, page: PageNo = 1, per_page: PerPage = 20):
    result = ratings.list_ratings(db, actor=actor, page=page, per_page=per_page,
                                  **list_filters(dict(request.query_params)))
    personal = actor.can("personal.read")
    return RatingList(items=[RatingRead.of(r, personal=personal) for r in result.items], total=result.total,
                      page=result.page, pages=result.pages)


@api.get("/{rating_id:int}", response_model=RatingDetail)
def get_rating(rating_id: Id, db: DbSession, actor=Reader):
    rating = ratings.get_rating(db, actor=actor, rating_id=rating_id)
    base = RatingRead.of(rating, personal=actor.can("personal.read"))
    return RatingDetail(**base.model_dump(), follow_ups=[
        FollowUpRead(id=f.id, text=f.text, created_at=f.created_at)
        for f in ratings.follow_ups(db, actor=actor, rating_id=rating.id)])


@api.post("/social", response_model=RatingRead, status_code=201)
def enter_social(body: SocialRatingCreate, db: DbSession, actor=Enterer):
    rating = social.enter_social(db, actor=actor, **body.model_dump())
    return RatingRead.of(rating, personal=actor.can("personal.read"))
