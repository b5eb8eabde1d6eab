import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_case, make_department, make_item, make_rating, make_staff
from xiaoneng.analysis import service
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.kit import clock


def supervisor(db):
    return actor_for(make_staff(db, role=Role.SUPERVISOR))


def train_records(db):
    return list(db.scalars(select(AuditRecord).where(AuditRecord.action == "analysis.train")))


def test_a_center_model_is_trained_kept_under_the_var_dir_audited_and_used(db, var_dir, messages):
    actor = supervisor(db)
    manifest = service.train_center_model(db, actor=actor, task="topic", pairs=messages, source="投诉（已确认部门）")
    directory = var_dir / "analysis" / f"center-{actor.center_id}" / "topic"
    assert json.loads((directory / "manifest.json").read_text(encoding="utf-8")) == manifest
    assert manifest["source"] == "投诉（已确认部门）" and manifest["rows"] == 45
    [record] = train_records(db)
    assert record.entity == "analysis_model" and record.entity_id == "topic" and record.center_id == actor.center_id
    detail = json.loads(record.detail)
    assert detail["rows"] == 45 and detail["classes"] == {"交通运输": 15, "城乡建设": 15, "教育文体": 15}
    tags = service.classify_texts("topic", ["小区电梯坏了物业不修", "公交太挤"], center_id=actor.center_id)
    assert [t.label for t in tags] == ["城乡建设", "交通运输"]
    assert all(t.evidence for t in tags)


def test_training_needs_the_permission_and_refused_data_writes_nothing(db, var_dir, messages):
    window_staff = actor_for(make_staff(db, role=Role.WINDOW_STAFF))
    with pytest.raises(Forbidden):
        service.train_center_model(db, actor=window_staff, task="topic", pairs=messages, source="x")
    with pytest.raises(ValidationFailed, match="只有一个类别"):
        service.train_center_model(db, actor=supervisor(db), task="topic", pairs=[("路灯坏了", "城乡建设")] * 3,
                                   source="x")
    assert train_records(db) == []
    assert not (var_dir / "analysis").exists()


def test_without_a_model_classification_says_so_and_a_center_falls_back_to_the_platform_model(db, var_dir,
                                                                                                 sentiment_pairs):
    with pytest.raises(ValidationFailed, match="平台尚未训练“情感倾向”模型，请先训练"):
        service.classify_texts("sentiment", ["很好"])
    from xiaoneng.analysis import store, training

    store.save(training.train("sentiment", sentiment_pairs), service.model_dir("sentiment"), trained_at=clock.now(),
               source="评价样本")
    tags = service.classify_texts("sentiment", ["工作人员态度很好，很耐心", "排队两个小时，太慢了"], center_id=999)
    assert [t.label for t in tags] == ["正面", "负面"]


def test_a_centers_ratings_teach_its_sentiment_model(db, var_dir):
    department = make_department(db)
    actor = actor_for(make_staff(db, role=Role.SUPERVISOR, department=department))
    item = make_item(db, department=department)

    def rate(level, comment):
        case = make_case(db, item=item, completed_at=clock.now() - dt.timedelta(hours=2))
        make_rating(db, case=case, level=level, comment=comment)

    praise = ["工作人员态度很好，很耐心", "办得很快，点赞", "服务热情周到", "讲解清楚，效率高", "很方便，不用排队"]
    blame = ["排队两个小时，太慢了", "态度恶劣，不耐烦", "材料来回补了三次", "系统老是卡，办不了", "窗口没人，等了半天"]
    for i in range(2):
        for text in praise:
            rate(5, f"{text}{'！' * i}")
        for text in blame:
            rate(1, f"{text}{'！' * i}")
    rate(3, "一般")  # 基本满意 teaches nothing either way
    manifest = service.train_sentiment_from_ratings(db, actor=actor)
    assert manifest["class_counts"] == {"正面": 10, "负面": 10} and manifest["source"] == "本中心评价"
    assert service.classify_texts("sentiment", ["态度很好"], center_id=actor.center_id)[0].label == "正面"


def test_a_center_without_commented_ratings_is_told(db, var_dir):
    with pytest.raises(ValidationFailed, match="本中心还没有带评价内容的评价，无法训练情感模型"):
        service.train_sentiment_from_ratings(db, actor=supervisor(db))


def test_comments_are_tagged_and_replies_scored_through_the_service():
    [tags] = service.tag_comments(["排队太久，建议多开几个窗口"], [2])
    assert tags.actionability == "建议" and tags.dimensions[0].dimension == "服务效率"
    score = service.score_reply("路灯坏了，请尽快修", "您好，经核实路灯线路老化，已于2026年11月18日修复。")
    assert score.relevance > 0 and score.reasons
