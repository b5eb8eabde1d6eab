import csv

from click.testing import CliRunner
from sqlalchemy import func, select

from tests.attendance.conftest import dingtalk_csv, full_day
from tests.fixtures.objects import make_center, make_department, make_staff, make_window
from xiaoneng.attendance import service, spot_checks
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cli import main
from xiaoneng.db import session_scope


def test_import_then_summary_from_the_command_line(cli_database, tmp_path, clock):
    with session_scope(cli_database) as s:
        center = make_center(s, code="JC")
        dept = make_department(s, center=center, name="不动产登记科")
        make_staff(s, department=dept, full_name="张敏", staff_no="BDC01")
    source = tmp_path / "原始记录.csv"
    source.write_bytes(dingtalk_csv(full_day("张敏", "BDC01", "2026-11-16") +
                                    full_day("张敏", "BDC01", "2026-11-17", ("09:20", "12:00", "13:00", "17:00"))))
    result = CliRunner().invoke(main, ["attendance", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "1 人 2026-11-16 至 2026-11-17，新增打卡 8 条" in result.output
    out = tmp_path / "summary.csv"
    result = CliRunner().invoke(main, ["attendance", "summary", "--month", "2026-11", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    # The clock stands at 2026-11-18: the month's working days so far are 11/2-11/6, 11/9-11/13, 11/16, 11/17.
    assert rows[0] == {"staff_no": "BDC01", "name": "张敏", "department": "不动产登记科", "working_days": "12",
                       "present_days": "2", "absent_days": "10.0", "leave_days": "0.0", "late": "1",
                       "early_leave": "0", "missing_punches": "0", "key_time_absences": "41"}


def test_a_bad_file_is_refused_with_its_rows_and_nothing_is_stored(cli_database, tmp_path):
    with session_scope(cli_database) as s:
        make_center(s, code="JC")
    source = tmp_path / "p.csv"
    source.write_bytes(dingtalk_csv([("王五", "X9", "2026-11-16", "08:50")]))
    result = CliRunner().invoke(main, ["attendance", "import", str(source)])
    assert result.exit_code == 1 and "第3行\t工号\t王五（工号 X9） 不在本中心的人员中" in result.output
    with session_scope(cli_database) as s:
        assert s.scalar(select(func.count()).select_from(PunchRecord)) == 0


def test_the_csv_counts_spot_check_absences_like_the_page(cli_database, tmp_path):
    with session_scope(cli_database) as s:
        center = make_center(s, code="JC")
        dept = make_department(s, center=center, name="不动产登记科")
        window = make_window(s, department=dept)
        clerk = make_staff(s, department=dept, full_name="张敏", staff_no="BDC01", window_id=window.id)
        inspector = make_staff(s, role=Role.SUPERVISOR, center=center, full_name="周监察", staff_no="JC01")
        service.import_punches(s, actor=actor_for(inspector), filename="p.csv",
                               data=dingtalk_csv(full_day("张敏", "BDC01", "2026-11-16")))
        spot_checks.record_spot_check(s, actor=actor_for(inspector), target=f"window:{window.id}", day="2026-11-16",
                                      time="13:02", answers={clerk.id: ("absent", "")})
    out = tmp_path / "summary.csv"
    result = CliRunner().invoke(main, ["attendance", "summary", "--month", "2026-11", "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["staff_no"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
    # 11 working days without punches (4 each) and 11/16: punched all day, found away at 13:02.
    assert rows["BDC01"]["key_time_absences"] == str(11 * 4 + 1)
