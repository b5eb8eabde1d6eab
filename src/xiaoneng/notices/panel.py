"""The case page's section of notices (registered with cases.panels in xiaoneng.wiring): the notices issued with
their downloads, the form to issue a one-time notice material by material, and the refusal form."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.cases import rules as case_rules
from xiaoneng.cases.panels import Panel
from xiaoneng.items import service as items
from xiaoneng.kit.scope import Actor
from xiaoneng.notices import document, service, snapshot
from xiaoneng.notices.rules import ASKED, KIND_LABELS, PROBLEM_LABELS, NoticeKind
from xiaoneng.org import service as org

TEMPLATE = "notices/_case_panel.html"
CLOSED = ("completed", "rejected")


def case_panel(session: Session, *, actor: Actor, case, request) -> Panel:
    notices = service.case_notices(session, actor=actor, case_id=case.id)
    can_write = actor.can("cases.write") and case.status not in CLOSED
    materials = items.item_materials(session, actor=actor, item_id=case.item_id) if can_write else []
    form = getattr(request.state, "notice_form", None) or {}
    names = org.staff_names(session, center_id=case.center_id, staff_ids={n.handler_id for n in notices})
    rows = [{"n": n.case_seq, "number": n.number, "kind": KIND_LABELS[NoticeKind(n.kind)], "issued_at": n.issued_at,
             "handler": names.get(n.handler_id, "—"),
             "what": "、".join(sorted(snapshot.asked_names(n.snapshot))) or "；".join(n.snapshot.get("reasons") or []),
             "new": "、".join(n.new_materials or []), "pdf": document.url(n, "pdf"), "docx": document.url(n, "docx")}
            for n in notices]
    return Panel(TEMPLATE, {
        "case_id": case.id, "notices": rows, "can_issue": can_write, "materials": materials,
        "can_refuse": can_write and case_rules.refusal_problem(case.status, case.accepted_at is not None) is None,
        "problems": {p.value: PROBLEM_LABELS[p] for p in ASKED}, "entered": form.get("values", {}),
        "error_field": form.get("field", ""), "form": form.get("form", ""),
    })
