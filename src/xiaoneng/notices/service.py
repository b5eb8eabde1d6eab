"""Use cases of notices (E3): issue a 一次性告知书 for the materials a case lacks or has non-compliant, refuse an
application (不予受理) with its own 不予受理告知书, read a case's notices. The case's clock moves through the cases
domain (cases.service.issue_notice stops it, cases.refusal.refuse_case ends it) in the same transaction; the notice
takes the center's next number of its year and a snapshot of what it says. Every change audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.cases import refusal
from xiaoneng.cases import service as cases
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.items import service as items
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check, clean_text
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notices import repository as repo
from xiaoneng.notices import rules, snapshot
from xiaoneng.notices import settings as notice_settings
from xiaoneng.notices.models import CaseNotice
from xiaoneng.notices.rules import Finding, NoticeKind, Problem
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org


def _findings(rows: list[dict], materials, item_name: str) -> dict[int, Finding]:
    """The handler's findings, checked row by row before anything is written: each names a material of the item
    once, says missing or non-compliant, and why when non-compliant."""
    if not rows:
        raise ValidationFailed("请选择缺少或不符合要求的材料", field="findings")
    by_id = {m.id: m for m in materials}
    found: dict[int, Finding] = {}
    for i, row in enumerate(rows, start=1):
        where = f"findings[{i - 1}]"
        raw = row.get("material_id")
        material_id = raw if isinstance(raw, int) and not isinstance(raw, bool) else (
            int(raw) if isinstance(raw, str) and raw.strip().isdigit() else None)
        material = by_id.get(material_id)
        if material is None:
            raise ValidationFailed(f"第{i}项所选材料不是事项「{item_name}」的申请材料", field=f"{where}.material_id")
        if material.id in found:
            raise ValidationFailed(f"第{i}项材料「{material.name}」重复选择", field=f"{where}.material_id")
        problem, reason = clean_text(row.get("problem")), clean_text(row.get("reason"))
        bad = rules.finding_problem(problem, reason, name=material.name, row=i)
        if bad:
            raise ValidationFailed(bad[1], field=f"{where}.{bad[0]}")
        found[material.id] = Finding(material.id, Problem(problem), reason)
    return found


def _note(note: str) -> str:
    note = clean_text(note)
    check("note", f"注意事项不能超过{rules.NOTE_MAX}个字" if len(note) > rules.NOTE_MAX else None)
    return note


def _at(at: dt.datetime | None) -> dt.datetime:
    at = at or clock.now()
    if at.tzinfo is None:
        raise ValidationFailed("时间缺少时区", field="at")
    return at


def _record(session: Session, *, actor: Actor, case, item, materials, kind: NoticeKind,
            findings: dict[int, Finding], reasons: list[str], note: str, at: dt.datetime) -> CaseNotice:
    """The notice row: the next number of the center's year first (on PostgreSQL its lock serialises the center's
    notices, so the case's own count below is exact too), then the snapshot."""
    day = clock.local(at).date()
    seq = repo.take_seq(session, center_id=case.center_id, year=day.year)
    prefix = notice_settings.prefix_of(session, center_id=case.center_id)
    reader = system_actor(case.center_id)
    handler_id = actor.user_id or case.handler_id
    handler = org.staff_names(session, center_id=case.center_id, staff_ids=[handler_id]).get(handler_id, "")
    department = org.get_department(session, actor=reader, department_id=case.department_id).name
    content = snapshot.build(kind=kind, center_name=org.get_center(session, actor=reader).name, case=case, item=item,
                             department_name=department, handler_name=handler, materials=materials,
                             findings=findings, reasons=reasons, note=note,
                             received_on=clock.local(case.received_at).date())
    before = repo.of_case(session, case.id)
    earlier = [n for n in before if n.kind == NoticeKind.SUPPLEMENT]
    new = rules.newly_asked([snapshot.asked_names(n.snapshot) for n in earlier], snapshot.asked_names(content)) \
        if kind is NoticeKind.SUPPLEMENT else set()
    notice = CaseNotice(center_id=case.center_id, department_id=case.department_id, case_id=case.id,
                        case_seq=len(before) + 1, case_number=case.number, year=day.year, seq=seq,
                        number=rules.number(prefix, day.year, seq), kind=kind, issued_at=at, issued_on=day,
                        handler_id=handler_id, snapshot=content, new_materials=sorted(new), violation=bool(new),
                        first_notice_id=earlier[0].id if earlier else None)
    session.add(notice)
    session.flush()
    audit.record(session, actor=actor, action=f"notice.{kind.value}", entity="case_notice", entity_id=notice.id,
                 center_id=case.center_id,
                 detail={"number": notice.number, "case": case.number,
                         "materials": sorted(snapshot.asked_names(content)), "reasons": reasons,
                         "new_materials": sorted(new)})
    if new:
        _tell_heads(session, case=case, notice=notice, first=earlier[0])
    return notice


def _tell_heads(session: Session, *, case, notice: CaseNotice, first: CaseNotice) -> None:
    """A violation goes to the department's heads at once (they answer for the one-time notification)."""
    title = (f"一次性告知违规：办件 {case.number} 的告知书 {notice.number} 新增了 {first.number} 未告知的材料"
             f"（{'、'.join(notice.new_materials)}）")
    notifications.notify_role(session, center_id=case.center_id, role=Role.DEPT_HEAD, department_id=case.department_id,
                              kind="notice_violation", title=title, link=f"/cases/{case.id}",
                              key=f"notice-violation:{notice.id}")


def issue_notice(session: Session, *, actor: Actor, case_id: int, findings: list[dict], note: str = "",
                 at: dt.datetime | None = None) -> CaseNotice:
    """一次性告知: `findings` are {material_id, problem: missing|noncompliant, reason}; the clock stops (unless the
    notice only adds what an earlier one omitted, S1 限时办结 4) and the 一次性告知书 is numbered."""
    actor.require("cases.write")
    case = cases.get_case(session, actor=actor, case_id=case_id)
    item = items.get_item(session, actor=actor, item_id=case.item_id)
    materials = items.item_materials(session, actor=actor, item_id=item.id)
    checked = _findings(list(findings or []), materials, item.name)
    note, at = _note(note), _at(at)
    asked = [m.name for m in materials if m.id in checked]
    cases.issue_notice(session, actor=actor, case_id=case.id, materials=asked, at=at)
    return _record(session, actor=actor, case=case, item=item, materials=materials, kind=NoticeKind.SUPPLEMENT,
                   findings=checked, reasons=[], note=note, at=at)


def refuse_case(session: Session, *, actor: Actor, case_id: int, reasons: list[str], note: str = "",
                at: dt.datetime | None = None) -> CaseNotice:
    """不予受理: the case ends REJECTED with its reasons, and the 不予受理告知书 lists them with the legal basis."""
    actor.require("cases.write")
    case = cases.get_case(session, actor=actor, case_id=case_id)
    item = items.get_item(session, actor=actor, item_id=case.item_id)
    found = refusal.check_reasons(list(reasons or []))
    refusal.check_refusable(case)
    note, at = _note(note), _at(at)
    materials = items.item_materials(session, actor=actor, item_id=item.id)
    refusal.refuse_case(session, actor=actor, case_id=case.id, reasons=found, at=at)
    return _record(session, actor=actor, case=case, item=item, materials=materials, kind=NoticeKind.REFUSAL,
                   findings={}, reasons=found, note=note, at=at)


def findings_by_name(session: Session, *, actor: Actor, case_id: int, missing: list[str] = (),
                     noncompliant: dict[str, str] | None = None) -> list[dict]:
    """Findings for issue_notice from material names (the demo's and the CLI's way of naming them): `missing`
    names, and `noncompliant` {name: reason}. A name that is not a material of the case's item is refused."""
    case = cases.get_case(session, actor=actor, case_id=case_id)
    by_name = {m.name: m.id for m in items.item_materials(session, actor=actor, item_id=case.item_id)}
    rows = [(name, Problem.MISSING, "") for name in missing]
    rows += [(name, Problem.NONCOMPLIANT, reason) for name, reason in (noncompliant or {}).items()]
    for i, (name, _, _) in enumerate(rows):
        if name not in by_name:
            raise ValidationFailed(f"第{i + 1}项材料「{name}」不是该办件事项的申请材料", field=f"findings[{i}].material_id")
    return [{"material_id": by_name[name], "problem": problem.value, "reason": reason} for name, problem, reason in rows]


def case_notices(session: Session, *, actor: Actor, case_id: int) -> list[CaseNotice]:
    """The case's notices in the order issued; whoever may see the case may see them."""
    return repo.of_case(session, cases.get_case(session, actor=actor, case_id=case_id).id)


def get_notice(session: Session, *, actor: Actor, case_id: int, n: int) -> CaseNotice:
    case = cases.get_case(session, actor=actor, case_id=case_id)
    notice = repo.by_case_seq(session, case.id, n)
    if notice is None:
        raise NotFound()
    return notice
