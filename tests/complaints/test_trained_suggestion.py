"""A center that has trained its department model on its own confirmed complaints gets its suggestions from it;
before that, and for a center without one, the keyword baseline serves."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from tests.complaints.conftest import AT, register
from tests.fixtures.objects import make_department, make_staff
from xiaoneng.analysis import service as analysis
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cli import main
from xiaoneng.complaints import service
from xiaoneng.db import session_scope
from xiaoneng.errors import ValidationFailed
from xiaoneng.org.models import Center

# Texts without the baseline's department words (no 不动产, 过户, 食品经营 …): only a model that learned them knows.
LAND = ["房本上的名字写错了一个字，去更正跑了三次", "买的房子办证排了一上午还没办好", "房本抵押注销的手续太繁琐",
        "继承父母的房子要准备的材料没有一次说清", "房屋面积测量结果和合同不一样，没人解释", "新房办证说要等三个月"]
MARKET = ["超市卖过期牛奶，投诉后没人处理", "小吃店后厨卫生很差还有老鼠", "餐馆缺斤少两，秤不准",
          "网购的奶粉是假货，商家拒绝退货", "奶茶店用过期原料，喝完肚子疼", "菜市场的秤有问题，每斤少二两"]


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    from xiaoneng.config import get_settings

    monkeypatch.setenv("XIAONENG_SECRET_KEY", get_settings().secret_key)
    monkeypatch.setenv("XIAONENG_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def confirmed(db, hall):
    supervisor = hall["as"]["supervisor"]
    for n, (texts, unit) in enumerate(((LAND, hall["land"]), (MARKET, hall["market"]))):
        for i, text in enumerate(texts * 2):
            c = register(db, hall, content=f"{text}{'。' * (i // len(texts))}", complainant_phone=f"1380013{n}{i:03d}",
                         received_at=AT - dt.timedelta(days=i + 1))
            service.assign(db, actor=supervisor, complaint_id=c.id, department_id=unit.id)


def test_the_department_model_learns_from_confirmed_complaints_and_then_suggests(db, hall, var_dir):
    before = register(db, hall, content="饭店卖的牛奶过期了，喝了拉肚子", complainant_phone="13900000001")
    assert before.suggested_department_id is None  # the baseline finds no department word
    confirmed(db, hall)
    manifest = analysis.train_departments_from_complaints(db, actor=hall["as"]["supervisor"])
    assert manifest["rows"] == 24 and manifest["class_counts"] == {"BDC": 12, "SCJG": 12}
    assert manifest["source"] == "本中心投诉（已确定承办部门）"
    after = register(db, hall, content="饭店卖的牛奶过期了，喝了拉肚子", complainant_phone="13900000002")
    assert after.suggested_department_id == hall["market"].id
    assert 0.5 < after.suggestion_score <= 1
    marked = {term for _, _, term in after.evidence}
    assert marked & {"牛奶", "过期", "饭店"}, after.evidence
    land = register(db, hall, content="房本上的地址写错了", complainant_phone="13900000003")
    assert land.suggested_department_id == hall["land"].id
    # The topic is still the baseline's.
    rude = register(db, hall, content="超市卖过期牛奶，窗口人员态度生硬", complainant_phone="13900000004")
    assert rude.topic == "服务态度" and rude.suggested_department_id == hall["market"].id


def test_a_center_without_confirmed_complaints_is_told_and_keeps_the_baseline(db, hall, var_dir):
    register(db, hall)
    with pytest.raises(ValidationFailed, match="还没有已确定承办部门的投诉"):
        analysis.train_departments_from_complaints(db, actor=hall["as"]["supervisor"])
    assert not analysis.has_model("topic", hall["center"].id, analysis.DEPARTMENTS)
    c = register(db, hall, content="在不动产登记中心办理二手房过户，态度生硬", complainant_phone="13900000005")
    assert c.suggested_department_id == hall["land"].id  # the baseline's words


def test_the_command_trains_a_centers_department_model(cli_database, var_dir):
    with session_scope(cli_database) as s:
        land = make_department(s, name="区不动产登记中心", code="BDC")
        center = s.get(Center, land.center_id)
        market = make_department(s, center=center, name="区市场监督管理局", code="SCJG")
        supervisor = actor_for(make_staff(s, role=Role.SUPERVISOR, center=center))
        hall = {"as": {"supervisor": supervisor}, "land": land, "market": market}
        confirmed(s, hall)
        code, center_id = center.code, center.id
    result = CliRunner().invoke(main, ["analysis", "train-complaints", "--center", code])
    assert result.exit_code == 0, result.output
    assert "已用 24 条投诉（2 个承办部门）训练本中心的部门分类模型" in result.output
    manifest = json.loads((var_dir / "analysis" / f"center-{center_id}" / "departments" / "manifest.json").read_text())
    assert manifest["classes"] == ["BDC", "SCJG"]
    result = CliRunner().invoke(main, ["analysis", "train-complaints", "--center", "NOPE"])
    assert result.exit_code == 1 and "错误（--center）：中心 NOPE 不存在" in result.output
