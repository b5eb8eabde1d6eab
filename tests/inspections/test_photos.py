"""Photos of a visit: images only, at most 5 MB, refused in Chinese with nothing stored; kept by SHA-256 under the
var dir, sent again without a duplicate, attached to the record sent with the same key."""

import hashlib

import pytest
from sqlalchemy import func, select

from tests.inspections.builders import jpeg, key, png, results, visit_of
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.inspections import photos, records
from xiaoneng.inspections.models import Photo


def _files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def _upload(db, world, visit, tmp_path, data, name="现场.jpg", submission=None, indicator_id=None):
    return records.upload_photo(db, actor=actor_for(world.inspector), var_dir=tmp_path, visit_id=visit.id,
                                submission_key=submission or key(), indicator_id=indicator_id, name=name, data=data)


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"%PDF-1.7 not a photo", "说明.pdf", "照片“说明.pdf”不是图片：只接受 JPEG、PNG 或 WebP 格式的照片"),
    (b"", "空.jpg", "照片“空.jpg”是空文件"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "坏.jpg", "照片“坏.jpg”已损坏，无法识别为图片"),
    (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "大.jpg", "照片“大.jpg”超过 5 MB（5.0 MB），请缩小后再上传"),
    (png(), "伪装.jpg", None),  # a PNG named .jpg is a PNG: the content decides
])
def test_only_images_within_the_limit_are_kept(db, world, tmp_path, data, name, message):
    visit = visit_of(db, world.rooms[0], world.inspector)
    if message is None:
        photo, again = _upload(db, world, visit, tmp_path, data, name)
        assert photo.content_type == "image/png" and not again
        return
    with pytest.raises(ValidationFailed, match=message) as e:
        _upload(db, world, visit, tmp_path, data, name)
    assert e.value.field == "photo"
    assert db.scalar(select(func.count()).select_from(Photo)) == 0 and _files(tmp_path) == []


def test_a_photo_is_stored_by_its_sha256_once_and_attached_to_the_record(db, world, tmp_path):
    visit = visit_of(db, world.rooms[0], world.inspector)
    indicator = visit.indicator_ids[0]
    submission, data = key(), jpeg()
    photo, again = _upload(db, world, visit, tmp_path, data, submission=submission, indicator_id=indicator)
    same, again = _upload(db, world, visit, tmp_path, data, submission=submission, indicator_id=indicator)
    assert again and same.id == photo.id
    digest = hashlib.sha256(data).hexdigest()
    assert photo.sha256 == digest and photo.size == len(data) and (photo.width, photo.height) == (64, 48)
    assert photos.file_of(tmp_path, photo).read_bytes() == data and photo.path.endswith(f"{digest}.jpg")
    assert photo.visit_id is None
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=submission,
                   results=results(db, visit))
    db.refresh(photo)
    assert photo.visit_id == visit.id and photos.of_visit(db, visit) == [photo]
    # After the record, the same photo again is the stored one; a new one is refused.
    assert _upload(db, world, visit, tmp_path, data, submission=submission)[1]
    with pytest.raises(Conflict, match="不能再添加照片"):
        _upload(db, world, visit, tmp_path, jpeg(color=(1, 2, 3)), submission=submission)


def test_a_photo_of_another_indicator_or_with_a_bad_key_is_refused(db, world, tmp_path):
    visit = visit_of(db, world.rooms[0], world.inspector, codes={"A01"})
    other = visit_of(db, world.rooms[1], world.inspector, codes={"B08"})
    with pytest.raises(ValidationFailed, match="照片所属的指标不在本次巡查中"):
        _upload(db, world, visit, tmp_path, jpeg(), indicator_id=other.indicator_ids[0])
    with pytest.raises(ValidationFailed, match="提交标识不正确"):
        _upload(db, world, visit, tmp_path, jpeg(), submission="../../etc")
    assert db.scalar(select(func.count()).select_from(Photo)) == 0


def test_a_picture_of_too_many_pixels_is_refused():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (8000, 7000)).save(out, format="PNG")  # 56 megapixels in a small file
    with pytest.raises(ValidationFailed, match="照片“全景.png”像素过多（8000×7000）"):
        photos.check_image(out.getvalue(), "全景.png")
