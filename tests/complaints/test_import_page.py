"""The 12345 import page takes a year of work orders: its own limits (stated on the page and enforced in Chinese),
a body past the other imports' 10 MB accepted on its path only, and a file of many bad rows listed in part with
the count of all."""

import pytest

from tests.complaints.hotline_files import GOOD, csv_bytes
from xiaoneng.complaints import service
from xiaoneng.config import Settings
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.readers import Limits
from xiaoneng.web.limits import BodyLimit


def test_the_page_states_its_limits_and_lists_the_first_bad_rows(db, hall, sign_in):
    supervisor = sign_in(hall["supervisor"])
    page = supervisor.page("/complaints/import")
    assert "不超过 64 MB、200000 行" in page.text
    bad = [[f"GD{n:06d}", "昨天上午", "", "", "投诉", "内容", "", ""] for n in range(600)]
    refused = supervisor.submit("/complaints/import", files={"file": ("12345.csv", csv_bytes(bad), "text/csv")})
    assert refused.status_code == 422
    assert "有 600 处错误（下表列出前 500 处），未导入任何数据" in refused.text
    assert refused.text.count("无法识别，应为") == 500


def test_a_body_past_the_general_upload_limit_reaches_the_12345_import_only(db, hall, sign_in):
    supervisor = sign_in(hall["supervisor"])
    big = csv_bytes(GOOD) + b"#" * (11 * 1024 * 1024)  # past 10 MB: the other imports refuse it unread
    answer = supervisor.submit("/complaints/import", files={"file": ("12345.txt", big, "text/plain")})
    assert answer.status_code == 422 and "只能导入 .xlsx 或 .csv 文件" in answer.text
    other = supervisor.submit("/attendance/import", files={"file": ("punches.csv", big, "text/csv")})
    assert other.status_code == 413 and "10 MB" in other.text


def test_the_limits_of_the_path():
    limit = BodyLimit(None, max_body_bytes=1024, max_upload_bytes=10 << 20,
                      larger_uploads={"/complaints/import": Settings().complaint_import_max_upload_bytes})
    assert limit.limit_for("/complaints/import")[1] == 64 << 20
    assert limit.limit_for("/complaints/evidence/1")[1] == 10 << 20
    assert limit.limit_for("/complaints/import/x")[1] == 10 << 20
    assert limit.limit_for("/complaints")[1] == 1024


def test_a_file_past_the_row_limit_is_refused_whole(db, hall):
    with pytest.raises(ValidationFailed, match="文件超过 3 行的上限，未导入任何数据"):
        service.import_orders(db, actor=hall["as"]["supervisor"], filename="o.csv", data=csv_bytes(GOOD),
                              limits=Limits(max_upload_bytes=1 << 20, max_rows=3, max_unpacked_bytes=1 << 20))
