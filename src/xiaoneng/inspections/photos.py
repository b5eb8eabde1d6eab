"""Photos of a visit: images only (the first bytes say JPEG, PNG or WebP and Pillow can read the picture), at most
5 MB and 50 megapixels, stored once under <var_dir>/inspections/photos by their SHA-256. A photo is sent before
its record (the phone may be offline in between); the record's submission key ties them, and sending the same
photo again with the same key gives back the one stored."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.inspections.models import Photo, Visit
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, clean_text, record_id
from xiaoneng.kit.scope import Actor

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 50_000_000
PER_VISIT = 20
KINDS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
KEY_MAX = 64


def _magic(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


@dataclass(frozen=True)
class Checked:
    kind: str
    content_type: str
    width: int
    height: int
    sha256: str


def check_image(data: bytes, name: str) -> Checked:
    """The photo's kind and size, or a Chinese refusal naming the file."""
    label = f"照片“{name}”" if name else "照片"
    if not data:
        raise ValidationFailed(f"{label}是空文件", field="photo")
    if len(data) > MAX_BYTES:
        raise ValidationFailed(f"{label}超过 {MAX_BYTES // (1024 * 1024)} MB（{len(data) / 1024 / 1024:.1f} MB），"
                               "请缩小后再上传", field="photo")
    kind = _magic(data)
    if kind is None:
        raise ValidationFailed(f"{label}不是图片：只接受 JPEG、PNG 或 WebP 格式的照片", field="photo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height, found = image.size[0], image.size[1], image.format
            if width * height <= MAX_PIXELS:
                image.verify()
    except Image.DecompressionBombError:
        raise ValidationFailed(f"{label}像素过多，请缩小后再上传", field="photo") from None
    except Exception:  # whatever the decoder trips on, the file is no picture it can read
        raise ValidationFailed(f"{label}已损坏，无法识别为图片", field="photo") from None
    if width * height > MAX_PIXELS:
        raise ValidationFailed(f"{label}像素过多（{width}×{height}），请缩小后再上传", field="photo")
    if found != kind:
        raise ValidationFailed(f"{label}的内容与图片格式不符", field="photo")
    return Checked(kind, KINDS[kind][0], width, height, hashlib.sha256(data).hexdigest())


def check_key(value) -> str:
    """The submission key a phone made for its record (letters, digits and - _)."""
    key = clean_text(value)
    if not 8 <= len(key) <= KEY_MAX or not all(c.isalnum() or c in "-_" for c in key) or not key.isascii():
        raise ValidationFailed("提交标识不正确，请刷新巡查页面后重试", field="submission_key")
    return key


def relative_path(checked: Checked) -> str:
    return f"inspections/photos/{checked.sha256[:2]}/{checked.sha256}.{KINDS[checked.kind][1]}"


def _write(var_dir: Path, relative: str, data: bytes) -> None:
    """Written whole or not at all: a temporary file renamed into place (the same content may already be there)."""
    target = var_dir / relative
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def store(session: Session, *, actor: Actor, var_dir: Path, visit: Visit, submission_key, indicator_id, name: str,
          data: bytes) -> tuple[Photo, bool]:
    """Check and keep one photo of the record being taken of `visit` (checked by the caller to be the actor's to
    record); (photo, True) when the same photo was stored before under the key."""
    actor.require("inspections.record")
    center_id = actor_center_id(actor)
    key = check_key(submission_key)
    indicator = record_id(indicator_id) if str(indicator_id or "").strip() else None
    if indicator is not None and indicator not in (visit.indicator_ids or []):
        raise ValidationFailed("照片所属的指标不在本次巡查中", field="indicator_id")
    name = clean_text(name)[:200]
    checked = check_image(data, name)
    same = session.scalar(select(Photo).where(Photo.submission_key == key, Photo.sha256 == checked.sha256))
    if same is not None:
        if same.uploaded_by_id != actor.user_id:
            raise ValidationFailed("提交标识已被他人使用，请刷新巡查页面后重试", field="submission_key")
        return same, True
    held = session.scalars(select(Photo).where(Photo.submission_key == key)).all()
    if len(held) >= PER_VISIT:
        raise ValidationFailed(f"每次巡查最多上传 {PER_VISIT} 张照片", field="photo")
    if any(p.uploaded_by_id != actor.user_id for p in held):
        raise ValidationFailed("提交标识已被他人使用，请刷新巡查页面后重试", field="submission_key")
    relative = relative_path(checked)
    _write(var_dir, relative, data)
    photo = Photo(center_id=center_id, submission_key=key, indicator_id=indicator, sha256=checked.sha256,
                  size=len(data), content_type=checked.content_type, width=checked.width, height=checked.height,
                  file_name=name, path=relative, uploaded_by_id=actor.user_id, uploaded_at=clock.now())
    session.add(photo)
    session.flush()
    audit.record(session, actor=actor, action="inspection.upload", entity="inspection_photo", entity_id=photo.id,
                 center_id=center_id, detail={"visit": visit.id, "sha256": checked.sha256, "size": len(data), "name": name})
    return photo, False


def of_visit(session: Session, visit: Visit) -> list[Photo]:
    return list(session.scalars(select(Photo).where(Photo.visit_id == visit.id).order_by(Photo.id)))


def file_of(var_dir: Path, photo: Photo) -> Path:
    path = var_dir / photo.path
    if not path.is_file():
        raise NotFound("照片文件不存在")
    return path
