import datetime as dt
import json

from click.testing import CliRunner
from sqlalchemy import select

from tests.fixtures.objects import make_case, make_center, make_department, make_item, make_rating
from xiaoneng.audit.models import AuditRecord
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.kit import clock


def test_a_centers_sentiment_model_is_trained_from_the_command_line(cli_database, var_dir):
    with session_scope(cli_database) as s:
        center = make_center(s, code="XN")
        item = make_item(s, department=make_department(s, center=center))
        for i, (level, text) in enumerate([(5, "态度很好"), (1, "太慢了"), (4, "很耐心"), (2, "不耐烦")] * 3):
            case = make_case(s, item=item, completed_at=clock.now() - dt.timedelta(hours=2))
            make_rating(s, case=case, level=level, comment=f"{text}{'！' * i}")
        center_id = center.id
    result = CliRunner().invoke(main, ["analysis", "train-ratings", "--center", "XN"])
    assert result.exit_code == 0, result.output
    assert "已用 12 条评价内容（正面 6、负面 6）训练本中心的情感模型" in result.output
    manifest = json.loads((var_dir / "analysis" / f"center-{center_id}" / "sentiment" / "manifest.json").read_text())
    assert manifest["rows"] == 12 and manifest["source"] == "本中心评价"
    with session_scope(cli_database) as s:
        [record] = s.scalars(select(AuditRecord).where(AuditRecord.action == "analysis.train")).all()
        assert record.operator == "cli" and record.center_id == center_id


def test_an_unknown_center_is_named(cli_database, var_dir):
    result = CliRunner().invoke(main, ["analysis", "train-ratings", "--center", "NOPE"])
    assert result.exit_code == 1
    assert "错误（--center）：中心 NOPE 不存在" in result.output
