"""Every query of the ratings domain, each limited to the actor's scope."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, String, and_, bindparam, cast, func, insert, or_, select, text, update
from sqlalchemy.orm import Session, joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.instrumentation import manager_of_class

from xiaoneng.cases.models import Case, CaseStep
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.kit.search import contains
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings.models import IndicatorSet, Rating, RatingFollowUp, RatingSettings


def get(session: Session, rating_id: int) -> Rating | None:
    return session.get(Rating, rating_id)


def receipt_row(session: Session, rating_id: int):
    """(rating, its center's name) for the rater's thank-you page, or None."""
    from xiaoneng.org.models import Center

    return session.execute(select(Rating, Center.name).join(Center, Center.id == Rating.center_id)
                           .where(Rating.id == rating_id)).first()


def active_set(session: Session, scope: str) -> IndicatorSet | None:
    return session.scalar(select(IndicatorSet).where(IndicatorSet.scope == scope, IndicatorSet.active.is_(True))
                          .order_by(IndicatorSet.id.desc()).limit(1))


def indicator_set(session: Session, set_id: int) -> IndicatorSet | None:
    return session.get(IndicatorSet, set_id)


def indicator_sets(session: Session) -> list[IndicatorSet]:
    return list(session.scalars(select(IndicatorSet).order_by(IndicatorSet.scope, IndicatorSet.id)))


def rated(session: Session, *, step_id: int, rater_key: str) -> bool:
    return session.scalar(select(Rating.id).where(Rating.step_id == step_id, Rating.rater_key == rater_key)
                          .limit(1)) is not None


def nonce_used(session: Session, nonce: str) -> bool:
    return session.scalar(select(Rating.id).where(Rating.nonce == nonce).limit(1)) is not None


def load_steps(session: Session, step_ids: set[int]) -> list[CaseStep]:
    """The steps of a batch with their cases, in one query (later lookups by id hit the identity map)."""
    if not step_ids:
        return []
    return list(session.scalars(select(CaseStep).where(CaseStep.id.in_(step_ids)).options(joinedload(CaseStep.case))))


def taken_steps(session: Session, step_ids: set[int]) -> set[tuple[int, str]]:
    """(step, rater key) pairs already rated among these steps."""
    if not step_ids:
        return set()
    return set(session.execute(select(Rating.step_id, Rating.rater_key).where(Rating.step_id.in_(step_ids))).all())


_RATINGS = Rating.__table__


def used_nonces(session: Session, nonces: set[str]) -> set[str]:
    # Core on the session's connection: the intake runs this once per batch, the ORM path costs twice as much.
    if not nonces:
        return set()
    return set(session.connection().scalars(select(_RATINGS.c.nonce).where(_RATINGS.c.nonce.in_(nonces))))


def steps_past_window(session: Session, *, today: dt.date, limit: int) -> list[CaseStep]:
    """Completed steps whose rating window closed before today and that have no rating yet: neither closed by the
    applicant's rating nor named by any rating (a social review of the case, a QR rating linked to the step)."""
    rated = select(Rating.id).where(Rating.step_id == CaseStep.id).exists()
    return list(session.scalars(select(CaseStep).where(
        CaseStep.rating_closed.is_(False), CaseStep.completed_at.is_not(None), CaseStep.rating_due_on < today,
        ~rated,
    ).order_by(CaseStep.id).limit(limit)))


def applicant_step(session: Session, *, center_id: int, phone: str, today: dt.date, window_id: int | None,
                   staff_id: int | None) -> CaseStep | None:
    """The most recent step, completed at this window or by this staff member, whose rating window is still open
    and that nobody rated yet, of a case filed with the mobile `phone` (read over the open windows' index)."""
    stmt = (select(CaseStep).join(Case, Case.id == CaseStep.case_id)
            .where(CaseStep.rating_due_on >= today, CaseStep.rating_closed.is_(False),
                   CaseStep.completed_at.is_not(None), CaseStep.center_id == center_id,
                   Case.applicant_phone == phone))
    if window_id is not None:
        stmt = stmt.where(or_(CaseStep.window_id == window_id,
                              and_(CaseStep.window_id.is_(None), Case.window_id == window_id)))
    if staff_id is not None:
        stmt = stmt.where(or_(CaseStep.handler_id == staff_id,
                              and_(CaseStep.handler_id.is_(None), Case.handler_id == staff_id)))
    return session.scalar(stmt.order_by(CaseStep.completed_at.desc(), CaseStep.id.desc()).limit(1))


def ratings(*, actor: Actor, level: int | None = None, channel: str | None = None, bad_only: bool = False,
            include_default: bool = True, flagged: bool = False, start: dt.date | None = None,
            end: dt.date | None = None, department_id: int | None = None, window_id: int | None = None,
            staff_id: int | None = None, q: str | None = None) -> Select:
    stmt = scoped(select(Rating), Rating, actor)
    if window_id:
        stmt = stmt.where(Rating.window_id == window_id)
    if staff_id:
        stmt = stmt.where(Rating.staff_id == staff_id)
    if q and q.strip():  # the comment, or the number of the case rated
        numbered = select(Case.id).where(contains(q, Case.number))
        stmt = stmt.where(or_(contains(q, Rating.comment), Rating.case_id.in_(numbered)))
    if level:
        stmt = stmt.where(Rating.level == level)
    if channel:
        stmt = stmt.where(Rating.channel == channel)
    if bad_only:
        stmt = stmt.where(Rating.is_bad.is_(True))
    if not include_default:
        stmt = stmt.where(Rating.is_default.is_(False))
    if flagged:
        stmt = stmt.where(cast(Rating.flags, String) != "[]")  # JSON has no equality on PostgreSQL
    if start:
        stmt = stmt.where(Rating.rated_on >= start)
    if end:
        stmt = stmt.where(Rating.rated_on <= end)
    if department_id:
        stmt = stmt.where(Rating.department_id == department_id)
    return stmt.order_by(Rating.rated_at.desc(), Rating.id.desc())


def with_names(stmt: Select) -> Select:
    """A list of ratings (`ratings()`) with the names people read beside each: department, window, staff member,
    item and case number, in the same order and scope."""
    return (
        stmt.add_columns(Department.name.label("department"), Window.name.label("window"),
                         Staff.full_name.label("staff"), ServiceItem.name.label("item"), Case.number.label("case_number"))
        .outerjoin(Department, Department.id == Rating.department_id)
        .outerjoin(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .outerjoin(ServiceItem, ServiceItem.id == Rating.item_id)
        .outerjoin(Case, Case.id == Rating.case_id)
    )


def level_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                 include_default: bool = True) -> dict[int, int]:
    stmt = scoped(select(Rating.level, func.count(Rating.id)), Rating, actor).where(
        Rating.rated_on >= start, Rating.rated_on <= end)
    if not include_default:
        stmt = stmt.where(Rating.is_default.is_(False))
    return dict(session.execute(stmt.group_by(Rating.level)).all())


def follow_ups(session: Session, rating_id: int) -> list[RatingFollowUp]:
    return list(session.scalars(select(RatingFollowUp).where(RatingFollowUp.rating_id == rating_id)
                                .order_by(RatingFollowUp.created_at)))


def settings(session: Session, center_id: int) -> RatingSettings | None:
    return session.get(RatingSettings, center_id)


def top_counts(session: Session, *, since: dt.datetime, sources: list[tuple[int, str, str]],
               cap: int) -> dict[tuple[int, str, str], int]:
    """Top ratings since `since` from each (center, address, device) source: from that address or that device,
    counted up to `cap`. One statement per 200 sources, each source an index range scan that stops at `cap`.

    Written as SQL text: built as expressions, a batch's few hundred arms cost more to build than to run."""
    counts: dict[tuple[int, str, str], int] = {}
    for start in range(0, len(sources), _ARMS):
        chunk = sources[start:start + _ARMS]
        arms, params = [], {"since": since}
        for i, (center_id, ip, device_id) in enumerate(chunk):
            either = []
            if ip:
                either.append(f"client_ip = :i{i}")
                params[f"i{i}"] = ip
            if device_id:
                either.append(f"device_id = :d{i}")
                params[f"d{i}"] = device_id
            if not either:  # no address and no device: nothing to count from
                continue
            params[f"c{i}"] = center_id
            arms.append(f"SELECT * FROM (SELECT {i} AS source FROM rating WHERE center_id = :c{i} AND level = 5"
                        f" AND rated_at >= :since AND ({' OR '.join(either)}) LIMIT {int(cap)}) AS a{i}")
        if not arms:
            continue
        stmt = text(f"SELECT source, count(*) FROM ({' UNION ALL '.join(arms)}) AS found GROUP BY source")
        rows = session.connection().execute(stmt.bindparams(bindparam("since", type_=_RATINGS.c.rated_at.type)), params)
        counts.update({chunk[i]: n for i, n in rows})
    return {source: counts.get(source, 0) for source in sources}


_ARMS = 200  # SQLite allows 500 terms in a compound SELECT


def next_rating_ids(session: Session, count: int) -> list[int]:
    """`count` fresh rating ids: from the sequence on PostgreSQL; past the largest id on SQLite, whose writer
    holds the database's write lock from BEGIN IMMEDIATE until its commit, so no other writer can take them."""
    if count <= 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return list(session.scalars(text(
            "SELECT nextval(pg_get_serial_sequence('rating', 'id')) FROM generate_series(1, :n)"), {"n": count}))
    last = session.connection().scalar(_LAST_ID) or 0
    return list(range(last + 1, last + 1 + count))


_LAST_ID = select(func.max(_RATINGS.c.id))
_RATING_COLUMNS = tuple(c.key for c in _RATINGS.columns)
_INSERT_RATINGS = insert(_RATINGS)


def insert_ratings(session: Session, ratings: list[Rating]) -> None:
    """Insert built rows (ids set) as one executemany, without the unit of work's per-row bookkeeping."""
    if ratings:
        session.connection().execute(_INSERT_RATINGS, [{k: r.__dict__.get(k) for k in _RATING_COLUMNS} for r in ratings])


def new_rating(**values) -> Rating:
    """A transient rating for `insert_ratings`: values go straight into the instance, skipping the per-attribute
    events of the declarative constructor (a third of a rating's cost in the intake); `attach` makes it persistent."""
    rating = _RATING_MANAGER.new_instance()
    rating.__dict__.update(values)
    return rating


_RATING_MANAGER = manager_of_class(Rating)


def attach(session: Session, rating: Rating) -> Rating:
    """Make a row inserted by `insert_ratings` a persistent object of the session, as if it had been loaded."""
    make_transient_to_detached(rating)
    session.add(rating)
    return rating


def close_steps(session: Session, steps: list[CaseStep]) -> None:
    """Mark steps as rated (no default rating will be recorded) in one statement, keeping loaded steps in step."""
    if not steps:
        return
    session.execute(update(CaseStep).where(CaseStep.id.in_({s.id for s in steps})).values(rating_closed=True)
                    .execution_options(synchronize_session=False))
    for step in steps:
        set_committed_value(step, "rating_closed", True)
