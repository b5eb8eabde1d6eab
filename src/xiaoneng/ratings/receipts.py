"""The rater's receipt: what the thank-you page shows after the redirect that follows a submitted rating.

The page is reached by GET (post, redirect, get), so refreshing it shows the receipt again rather than submitting
again. Only the holder of the follow-up ticket (signed: rating id and rater key) reaches it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.errors import NotFound
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings.rules import LEVEL_LABELS, Level


@dataclass(frozen=True)
class Receipt:
    reference: str
    level_label: str
    is_bad: bool
    center_name: str
    given_at: str


def reference(rating) -> str:
    """The number a rater quotes when asking about a rating: PJ, the day it was given and its row number."""
    return f"PJ{rating.rated_at.astimezone(TZ):%Y%m%d}-{rating.id:06d}"


def receipt(session: Session, *, center_id: int, rating_id: int, rater_key: str) -> Receipt:
    """The receipt of rating `rating_id` given through a link of `center_id` by `rater_key`; NotFound otherwise."""
    row = repo.receipt_row(session, rating_id)
    if row is None or row[0].center_id != center_id or row[0].rater_key != rater_key:
        raise NotFound()
    rating, center_name = row
    return Receipt(reference=reference(rating), level_label=LEVEL_LABELS[Level(rating.level)], is_bad=rating.is_bad,
                   center_name=center_name, given_at=f"{rating.rated_at.astimezone(TZ):%Y年%m月%d日 %H:%M}")


def step_already_rated(session: Session, subject) -> bool:
    """Whether the applicant's link of a step has been used (or the default rating given): the page says so at once
    instead of showing a form that would be refused only after it is filled in."""
    from xiaoneng.ratings.service import APPLICANT

    return bool(subject.step_id) and repo.rated(session, step_id=subject.step_id, rater_key=APPLICANT)
