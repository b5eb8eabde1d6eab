"""Evidence files of an investigation: the type is read from the file's first bytes (never from its name alone),
the size is limited, the SHA-256 is stored, and the file is kept under <var_dir>/complaints/evidence by its digest
(written to a temporary name, then renamed, so no half-written file is ever found there)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import ComplaintEvidence
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.readers import size_label
from xiaoneng.kit.scope import Actor

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Extension → (media type, what its first bytes must be).
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)), "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)), "pdf": ("application/pdf", (b"%PDF-",)),
    "mp3": ("audio/mpeg", (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "wav": ("audio/wav", (b"RIFF",)), "m4a": ("audio/mp4", ()),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
}
TYPE_NAMES = "JPG、PNG 图片，PDF，MP3、WAV、M4A 录音，DOCX 文档"


@dataclass(frozen=True)
class Store:
    """Where evidence files live: <var_dir>/complaints/evidence/ab/abcdef…"""
    root: Path

    @classmethod
    def under(cls, var_dir: Path) -> Store:
        return cls(Path(var_dir) / "complaints" / "evidence")

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str) -> None:
        target = self.path(sha256)
        if target.exists():
            return  # the same content is kept once
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise


def media_type(filename: str, data: bytes) -> str:
    """The file's media type when its name and its content agree on one of the allowed types."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in TYPES:
        raise ValidationFailed(f"不支持该类型的文件，证据只能是 {TYPE_NAMES}", field="file")
    kind, signatures = TYPES[extension]
    if extension == "m4a":
        ok = data[4:8] == b"ftyp"
    elif extension == "wav":
        ok = data.startswith(b"RIFF") and data[8:12] == b"WAVE"
    else:
        ok = any(data.startswith(s) for s in signatures)
    if not ok:
        raise ValidationFailed(f"文件 {filename} 的内容与扩展名 .{extension} 不符（不是有效的{extension.upper()}文件）",
                               field="file")
    return kind


def add(session: Session, *, actor: Actor, store: Store, complaint_id, filename: str, data: bytes, note: str = "",
        max_bytes: int = DEFAULT_MAX_BYTES, now: dt.datetime | None = None) -> ComplaintEvidence:
    c = common.load(session, actor, complaint_id, permission="complaints.handle")
    rules.check_action("note", c.status)
    filename = os.path.basename(clean_text(filename).replace("\\", "/"))[:200]
    if not filename or not data:
        raise ValidationFailed("请选择要上传的证据文件", field="file")
    if len(data) > max_bytes:
        raise ValidationFailed(f"文件超过 {size_label(max_bytes)} 的上限（约 {size_label(len(data))}）", field="file")
    kind = media_type(filename, data)
    note = clean_text(note)
    check("note", text_problem(note, label="证据说明", max_len=500, required=False))
    digest = hashlib.sha256(data).hexdigest()
    at = now or clock.now()
    row = ComplaintEvidence(complaint_id=c.id, center_id=c.center_id, filename=filename, media_type=kind,
                            size=len(data), sha256=digest, note=note, uploaded_by_id=actor.user_id, uploaded_at=at)
    session.add(row)
    store.put(data, digest)
    common.event(session, c, "evidence", actor=actor, at=at, text=f"{filename}（{size_label(len(data))}）" +
                 (f"：{note}" if note else ""), sha256=digest)
    session.flush()
    audit.record(session, actor=actor, action="complaint.evidence", entity="complaint", entity_id=c.id,
                 center_id=c.center_id, detail={"number": c.number, "file": filename, "sha256": digest,
                                                "size": len(data)})
    return row


def of(session: Session, complaint_id: int) -> list[ComplaintEvidence]:
    return list(session.scalars(select(ComplaintEvidence).where(ComplaintEvidence.complaint_id == complaint_id)
                                .order_by(ComplaintEvidence.id)))


def read(session: Session, *, actor: Actor, store: Store, complaint_id, evidence_id) -> tuple[ComplaintEvidence, bytes]:
    """The file as stored, checked against its digest (a file changed on disk is not handed out)."""
    c = common.load(session, actor, complaint_id)
    row = session.get(ComplaintEvidence, record_id(evidence_id))
    if row is None or row.complaint_id != c.id:
        raise NotFound()
    try:
        data = store.path(row.sha256).read_bytes()
    except FileNotFoundError:
        raise NotFound("证据文件不在存储目录中，请联系管理员") from None
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise NotFound("证据文件已被改动，与登记的 SHA-256 不符，不予下载")
    return row, data
