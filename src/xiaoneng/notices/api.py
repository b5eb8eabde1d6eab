"""JSON API of notices: a case's notices, issuing a one-time notice, refusing a case, and the two documents of a
notice (PDF and DOCX), each downloadable by whoever may see the case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from xiaoneng.kit.bounds import Id
from xiaoneng.kit.scope import Actor
from xiaoneng.notices import document, service, snapshot
from xiaoneng.notices.pdf_document import PDF_MEDIA_TYPE, pdf_bytes
from xiaoneng.notices.rules import KIND_LABELS, TITLES, NoticeKind
from xiaoneng.notices.schemas import NoticeIn, NoticeRead, RefusalIn
from xiaoneng.notices.word_document import DOCX_MEDIA_TYPE, docx_bytes
from xiaoneng.web.csrf import require_csrf
from xiaoneng.web.deps import DbSession, require_permission
from xiaoneng.web.downloads import Document, document_download

api = APIRouter(prefix="/cases", tags=["notices"], dependencies=[Depends(require_csrf)])
Reader = Annotated[Actor, require_permission("cases.read")]
Writer = Annotated[Actor, require_permission("cases.write")]


def read(notice) -> NoticeRead:
    kind = NoticeKind(notice.kind)
    return NoticeRead(
        id=notice.id, case_id=notice.case_id, n=notice.case_seq, number=notice.number, kind=kind.value,
        kind_label=KIND_LABELS[kind], title=TITLES[kind], issued_at=notice.issued_at, handler_id=notice.handler_id,
        materials=sorted(snapshot.asked_names(notice.snapshot)), reasons=list(notice.snapshot.get("reasons") or []),
        new_materials=list(notice.new_materials or []), violation=notice.violation,
        pdf_url=document.url(notice, "pdf"), docx_url=document.url(notice, "docx"))


@api.get("/{case_id}/notices", response_model=list[NoticeRead])
def case_notices(case_id: Id, db: DbSession, actor: Reader):
    """The case's 一次性告知书 and 不予受理告知书 in the order issued."""
    return [read(n) for n in service.case_notices(db, actor=actor, case_id=case_id)]


@api.post("/{case_id}/notices", response_model=NoticeRead, status_code=201)
def issue_notice(case_id: Id, body: NoticeIn, db: DbSession, actor: Writer):
    """一次性告知: the item's materials that are missing or non-compliant, each with its reason; the clock stops."""
    findings = [f.model_dump() for f in body.findings]
    return read(service.issue_notice(db, actor=actor, case_id=case_id, findings=findings, note=body.note))


@api.post("/{case_id}/refusal", response_model=NoticeRead, status_code=201)
def refuse(case_id: Id, body: RefusalIn, db: DbSession, actor: Writer):
    """不予受理, with its reasons: the case ends and its 不予受理告知书 is numbered."""
    return read(service.refuse_case(db, actor=actor, case_id=case_id, reasons=body.reasons, note=body.note))


def _download(request: Request, db, actor: Actor, case_id: int, n: int, ext: str):
    media, render = {"pdf": (PDF_MEDIA_TYPE, pdf_bytes), "docx": (DOCX_MEDIA_TYPE, docx_bytes)}[ext]

    def build(reader) -> Document:
        notice = service.get_notice(reader, actor=actor, case_id=case_id, n=n)
        doc = document.of(notice)
        return Document(body=render(doc), filename=f"{doc.file_stem}.{ext}",
                        fallback=f"notice_{notice.year}_{notice.seq:04d}.{ext}", media_type=media, entity_id=notice.id)

    return document_download(request, db, actor=actor, entity="case_notice", action=f"export.{ext}", build=build)


@api.get("/{case_id}/notices/{n}.pdf")
def notice_pdf(case_id: Id, n: Id, request: Request, db: DbSession, actor: Reader):
    """The notice as PDF: two copies (申请人留存联, 存档联), the Chinese font embedded."""
    return _download(request, db, actor, case_id, n, "pdf")


@api.get("/{case_id}/notices/{n}.docx")
def notice_docx(case_id: Id, n: Id, request: Request, db: DbSession, actor: Reader):
    """The notice as DOCX for Word: the same two copies, East Asian fonts set on every run."""
    return _download(request, db, actor, case_id, n, "docx")
