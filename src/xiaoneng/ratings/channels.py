"""What a public rating page rates, resolved from its signed token through the services of cases, items and org."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseOrigin, CaseStep
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.items import service as items
from xiaoneng.kit.masking import mask_name
from xiaoneng.kit.scope import SYSTEM, public_actor
from xiaoneng.org import service as org
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.rules import Channel, indicator_scope
from xiaoneng.ratings.tokens import RatingToken, TokenKind, TokenRefused

KIOSK_RECENT_MINUTES = 10  # a step completed this recently at the kiosk's window is offered for rating


@dataclass
class Subject:
    """What one rating page rates, with only what the rater may see (staff: number and surname)."""

    kind: TokenKind
    center_id: int
    channel: Channel
    step_id: int | None = None
    window_id: int | None = None
    staff_id: int | None = None
    item_name: str = ""
    step_name: str = ""
    case_number: str = ""
    window_name: str = ""
    department_name: str = ""
    staff_label: str = ""
    rating_due_on: dt.date | None = None
    rating_due_provisional: bool = False  # computed on a provisional year: 待核定
    indicators: list[dict] = field(default_factory=list)

    @property
    def takes_case_number(self) -> bool:
        return self.kind in (TokenKind.WINDOW, TokenKind.STAFF)


def staff_label(staff) -> str:
    return f"工号 {staff.staff_no}（{mask_name(staff.full_name)}）"


def _window_names(session: Session, actor, window_id: int | None) -> tuple[str, str]:
    if not window_id:
        return "", ""
    window = org.get_window(session, actor=actor, window_id=window_id)
    department = org.get_department(session, actor=actor, department_id=window.department_id)
    return window.name, department.name


def subject(session: Session, token: RatingToken) -> Subject:
    """The subject of a STEP, WINDOW or STAFF token; NotFound when the record is gone or outside the token's center."""
    actor = public_actor(token.center_id)
    if token.kind is TokenKind.STEP:
        step = cases.get_step(session, actor=actor, step_id=token.record_id)
        case = step.case
        if step.completed_at is None:
            raise NotFound()
        channel = Channel.SYSTEM_STEP if case.origin == CaseOrigin.ONLINE else Channel.ONLINE
        window_id = step.window_id or case.window_id
        handler_id = step.handler_id or case.handler_id
        found = Subject(kind=token.kind, center_id=token.center_id, channel=channel, step_id=step.id,
                        item_name=items.get_item(session, actor=actor, item_id=case.item_id).name,
                        step_name=step.name, case_number=case.number, rating_due_on=step.rating_due_on,
                        rating_due_provisional=step.rating_due_provisional)
        found.window_name, found.department_name = _window_names(session, actor, window_id)
        if handler_id:
            found.staff_label = staff_label(org.get_staff(session, actor=actor, staff_id=handler_id))
    elif token.kind is TokenKind.WINDOW:
        window = org.get_window(session, actor=actor, window_id=token.record_id)
        if not window.active:
            raise TokenRefused("该窗口已停用，请向工作人员索取新的评价二维码")
        found = Subject(kind=token.kind, center_id=token.center_id, channel=Channel.QR_CODE, window_id=window.id)
        found.window_name, found.department_name = _window_names(session, actor, window.id)
    elif token.kind is TokenKind.STAFF:
        staff = org.get_staff(session, actor=actor, staff_id=token.record_id)
        if not staff.active:
            raise TokenRefused("该工作人员已不在岗，请向工作人员索取新的评价二维码")
        found = Subject(kind=token.kind, center_id=token.center_id, channel=Channel.QR_CODE, staff_id=staff.id,
                        staff_label=staff_label(staff))
        found.window_name, found.department_name = _window_names(session, actor, staff.window_id)
    else:
        raise TokenRefused("评价链接无效，请重新扫码或打开短信中的链接")
    scope = indicator_scope(found.channel)
    current = ratings.active_indicator_set(session, scope=scope) if scope else None
    found.indicators = list(current.definition.get("indicators", [])) if current else []
    return found


def kiosk_window(session: Session, token: RatingToken):
    window = org.get_window(session, actor=public_actor(token.center_id), window_id=token.record_id)
    if not window.active:
        raise TokenRefused("该窗口已停用")
    return window


def kiosk_step(session: Session, *, window, now: dt.datetime) -> CaseStep | None:
    """The latest step completed at the window in the last minutes that nobody has rated yet."""
    return cases.recent_unrated_step(session, window=window, since=now - dt.timedelta(minutes=KIOSK_RECENT_MINUTES))


def kiosk_prompt(session: Session, *, window, step: CaseStep) -> dict:
    actor = public_actor(window.center_id)
    case = step.case
    handler_id = step.handler_id or case.handler_id
    return {
        "step_id": step.id,
        "item": items.get_item(session, actor=actor, item_id=case.item_id).name,
        "step": step.name,
        "staff": staff_label(org.get_staff(session, actor=actor, staff_id=handler_id)) if handler_id else "",
    }


def own_case(session: Session, *, number: str, phone: str) -> Case:
    """The case numbered `number` filed with mobile `phone`; one generic refusal whichever part is wrong."""
    number = (number or "").strip()
    case = cases.find_case_by_number(session, actor=SYSTEM, number=number) if number else None
    if not ratings.filed_with(case, phone):
        raise ValidationFailed(ratings.CASE_PROOF_FAILED)
    return case


def rectification(session: Session, token: RatingToken):
    from xiaoneng.rectification import service as loop

    return loop.get_rectification(session, actor=public_actor(token.center_id), rectification_id=token.record_id)
