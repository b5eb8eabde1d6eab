"""Use cases of official letters: draft one (by hand, or from another domain: a finding's 提示函, a complaint's
催办通知书), change a draft, issue it (the 发文字号 from the counter, the dates, the 印发机关; the department's head
told with a link), read one in scope, and the center's letter settings. Every change audited; only flush()es."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.letters import repository as repo
from xiaoneng.letters import rules
from xiaoneng.letters.models import Letter, LetterSettings
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org


def settings_for(session: Session, center_id: int) -> LetterSettings:
    """The center's settings, or the defaults drawn from its name until the admin saves some."""
    row = session.get(LetterSettings, center_id)
    if row is not None:
        return row
    name = org.get_center(session, actor=system_actor(center_id)).name
    return LetterSettings(center_id=center_id, prefix=rules.default_prefix(name), signature=name,
                          printed_by=f"{name}综合服务科")


def update_settings(session: Session, *, actor: Actor, prefix, signature, printed_by) -> LetterSettings:
    actor.require("letters.settings")
    center_id = actor_center_id(actor)
    values = {"prefix": clean_text(prefix), "signature": clean_text(signature), "printed_by": clean_text(printed_by)}
    check("prefix", text_problem(values["prefix"], label="发文机关代字", max_len=rules.PREFIX_MAX))
    if any(ch in values["prefix"] for ch in "〔〕[]()（）0123456789号"):
        raise ValidationFailed("发文机关代字只写机关简称（如 锦政服），不含年份、括号和序号", field="prefix")
    check("signature", text_problem(values["signature"], label="落款", max_len=rules.NAME_MAX))
    check("printed_by", text_problem(values["printed_by"], label="印发机关", max_len=rules.NAME_MAX))
    row = session.get(LetterSettings, center_id)
    before = settings_for(session, center_id)
    changed = {k: [getattr(before, k), v] for k, v in values.items() if getattr(before, k) != v}
    if row is None:
        row = LetterSettings(center_id=center_id, **values)
        session.add(row)
    else:
        for k, v in values.items():
            setattr(row, k, v)
    session.flush()
    audit.record(session, actor=actor, action="update", entity="letter_settings", entity_id=center_id,
                 center_id=center_id, detail=changed)
    return row


FIELD_LABELS = {"kind": "文种", "department_id": "主送科室", "to_name": "主送机关", "title": "标题",
                "paragraphs": "正文", "attachments": "附件", "copy_to": "抄送机关"}


def _list_field(values, field: str, label: str) -> list[str]:
    found = [clean_text(v) for v in (values or ()) if clean_text(v)]
    problem = rules.lines_problem(found, label=label)
    if problem:
        raise ValidationFailed(problem[1], field=field)
    return found


def _content(session: Session, center_id: int, *, kind, to_department_id, to_name, title, paragraphs, attachments,
             copy_to) -> dict:
    """The checked fields of a letter, or ValidationFailed naming the first bad one (nothing is written)."""
    if kind not in set(rules.Kind):
        raise ValidationFailed("请选择文种（提示函、督办函、催办通知书、通报）", field="kind")
    department = None
    if to_department_id not in (None, ""):
        try:
            department = org.get_department(session, actor=system_actor(center_id),
                                            department_id=record_id(to_department_id))
        except NotFound:
            raise ValidationFailed("所选主送科室不存在", field="to_department_id") from None
    to_name = clean_text(to_name) or (department.name if department else "")
    if not to_name:
        raise ValidationFailed("请选择主送科室或填写主送机关", field="to_name")
    check("to_name", text_problem(to_name, label="主送机关", max_len=rules.NAME_MAX))
    title = clean_text(title)
    check("title", text_problem(title, label="标题", max_len=rules.TITLE_MAX))
    body = [clean_text(p) for p in (paragraphs or ()) if clean_text(p)]
    check("paragraphs", rules.paragraphs_problem(body))
    return {"kind": str(rules.Kind(kind)), "department_id": department.id if department else None,
            "to_name": to_name, "title": title, "paragraphs": body,
            "attachments": _list_field(attachments, "attachments", "附件"),
            "copy_to": _list_field(copy_to, "copy_to", "抄送机关")}


def draft(session: Session, *, actor: Actor, kind, to_department_id=None, to_name: str = "", title: str,
          paragraphs: list[str], attachments: list[str] = (), copy_to: list[str] = (), source_entity: str = "",
          source_id: int | None = None, source_link: str = "", at: dt.datetime | None = None) -> Letter:
    """A letter in the 草稿 state, without its number yet. Other domains call this with the system actor or the
    supervisor at work; `source_*` name the record the letter is about and the page it is on."""
    actor.require("letters.write")
    center_id = actor_center_id(actor)
    content = _content(session, center_id, kind=kind, to_department_id=to_department_id, to_name=to_name,
                       title=title, paragraphs=paragraphs, attachments=attachments, copy_to=copy_to)
    source_entity, source_link = clean_text(source_entity), clean_text(source_link)
    check("source_entity", text_problem(source_entity, label="来源记录类型", max_len=32, required=False))
    check("source_link", rules.source_link_problem(source_link))
    if source_id is not None:
        source_id = record_id(source_id)
    settings = settings_for(session, center_id)
    at = at or clock.now()
    letter = Letter(center_id=center_id, status=rules.Status.DRAFT,
                    issuer=org.get_center(session, actor=system_actor(center_id)).name, signature=settings.signature,
                    printed_by=settings.printed_by,
                    source_entity=source_entity, source_id=source_id, source_link=source_link,
                    drafted_by_id=actor.user_id, drafted_at=at, **content)
    session.add(letter)
    session.flush()
    audit.record(session, actor=actor, action="letter.draft", entity="letter", entity_id=letter.id,
                 center_id=center_id, detail={"kind": rules.KIND_LABELS[rules.Kind(letter.kind)], "addressee": letter.to_name, "title": letter.title,
                                              "source": f"{source_entity}:{source_id}" if source_entity else ""})
    return letter


def _own_draft(session: Session, actor: Actor, letter_id) -> Letter:
    actor.require("letters.write")
    letter = get_letter(session, actor=actor, letter_id=letter_id)
    if letter.status != rules.Status.DRAFT:
        raise Conflict(f"{letter.number} 已印发，不能再修改", field="status")
    return letter


def update_draft(session: Session, *, actor: Actor, letter_id, kind, to_department_id=None, to_name: str = "",
                 title: str, paragraphs: list[str], attachments: list[str] = (), copy_to: list[str] = ()) -> Letter:
    letter = _own_draft(session, actor, letter_id)
    content = _content(session, letter.center_id, kind=kind, to_department_id=to_department_id, to_name=to_name,
                       title=title, paragraphs=paragraphs, attachments=attachments, copy_to=copy_to)
    changed = [FIELD_LABELS[k] for k, v in content.items() if getattr(letter, k) != v]
    for k, v in content.items():
        setattr(letter, k, v)
    session.flush()
    audit.record(session, actor=actor, action="letter.update", entity="letter", entity_id=letter.id,
                 center_id=letter.center_id, detail={"fields": changed, "title": letter.title})
    return letter


def issue(session: Session, *, actor: Actor, letter_id, at: dt.datetime | None = None) -> Letter:
    """印发: the next 发文字号 of the center, kind and year, 成文日期 and 印发日期 the day of issue, the 印发机关 and
    落款 of the settings; the head of the department it is addressed to gets a notice linking to it."""
    letter = _own_draft(session, actor, letter_id)
    at = at or clock.now()
    day = clock.local(at).date()
    settings = settings_for(session, letter.center_id)
    serial = repo.next_serial(session, center_id=letter.center_id, kind=letter.kind, year=day.year)
    letter.year, letter.serial = day.year, serial
    letter.number = rules.letter_number(settings.prefix, letter.kind, day.year, serial)
    letter.dated_on = letter.printed_on = day
    letter.signature, letter.printed_by = settings.signature, settings.printed_by
    letter.status, letter.issued_at, letter.issued_by_id = rules.Status.ISSUED, at, actor.user_id
    session.flush()
    audit.record(session, actor=actor, action="letter.issue", entity="letter", entity_id=letter.id,
                 center_id=letter.center_id, detail={"number": letter.number, "addressee": letter.to_name,
                                                     "title": letter.title})
    if letter.department_id is not None:
        kind = rules.KIND_LABELS[rules.Kind(letter.kind)]
        notifications.notify_role(session, center_id=letter.center_id, role=Role.DEPT_HEAD,
                                  department_id=letter.department_id, kind="letter_issued",
                                  title=f"{kind} {letter.number}：{letter.title}", body=letter.paragraphs[0][:200],
                                  link=f"/letters/{letter.id}", key=f"letter-issued:{letter.id}")
    return letter


def get_letter(session: Session, *, actor: Actor, letter_id) -> Letter:
    """A letter in scope: the center's for supervisors and leaders; for a department head, the issued letters
    addressed to their department (drafts are the supervisors' own work)."""
    actor.require("letters.read")
    letter = repo.visible_letter(session, actor=actor, letter_id=record_id(letter_id))
    if actor.department_scoped and letter.status != rules.Status.ISSUED:
        raise NotFound()
    return letter


def letters_about(session: Session, *, actor: Actor, entity: str, source_id: int) -> list[Letter]:
    """The letters drafted about one record (a finding, a complaint), oldest first, for its page."""
    actor.require("letters.read")
    return repo.letters_about(session, actor=actor, entity=entity, source_id=record_id(source_id))


def letters_by_ids(session: Session, *, actor: Actor, letter_ids) -> list[Letter]:
    """The letters among `letter_ids` the actor may see, oldest first: another domain keeps which letters name its
    records (a 提示函 on several findings) and shows them on its pages through this."""
    actor.require("letters.read")
    return repo.letters_by_ids(session, actor=actor, ids={record_id(i) for i in letter_ids})
