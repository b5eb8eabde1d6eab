import numpy as np
import pytest

from xiaoneng.analysis import training
from xiaoneng.analysis.classify import classify
from xiaoneng.errors import ValidationFailed


@pytest.fixture(scope="module")
def topic_model(messages):
    return training.train("topic", messages)


def test_a_topic_model_labels_new_messages_with_a_probability_and_the_words_behind_it(topic_model):
    texts = ["小区电梯坏了物业一直不修", "公交线路太少，等车要半小时", "幼儿园收费太高"]
    tags = classify(topic_model.model, texts)
    assert [t.label for t in tags] == ["城乡建设", "交通运输", "教育文体"]
    for text, tag in zip(texts, tags):
        assert 1 / 3 < tag.score <= 1
        assert tag.evidence, text
        for span in tag.evidence:
            assert text[span.start:span.end] == span.text and span.weight > 0
    assert any(s.text in ("小区", "电梯", "物业") for s in tags[0].evidence)
    assert any("公交" in s.text for s in tags[1].evidence)


def test_the_same_texts_pre_segmented_get_the_same_labels(topic_model):
    from xiaoneng.analysis.text import segment

    raw = ["小区电梯坏了物业一直不修", "公交线路太少，等车要半小时"]
    spaced = [" ".join(segment(t, drop_stopwords=False).words) for t in raw]
    assert [t.label for t in classify(topic_model.model, spaced)] == [t.label for t in classify(topic_model.model, raw)]


def test_training_reports_class_counts_a_data_hash_and_held_out_figures(topic_model, messages):
    assert topic_model.rows == 45
    assert topic_model.class_counts == {"交通运输": 15, "城乡建设": 15, "教育文体": 15}
    assert topic_model.data_sha256 == training.data_hash([t for t, _ in messages], [l for _, l in messages])
    metrics = topic_model.metrics
    assert metrics["rows"] == 9 and metrics["split"] == "分层抽样 80/20，random_state=42"
    assert set(metrics["per_class"]) == {"交通运输", "城乡建设", "教育文体"}
    assert 0 <= metrics["macro_f1"] <= 1
    assert topic_model.model.temperature != 1.0  # set from the held-out fifth


def test_scores_are_probabilities_that_sum_to_one(topic_model):
    docs = training.segment_all(topic_model.model.task, ["学校食堂", "路灯坏了"])
    from xiaoneng.analysis.model import softmax

    probabilities = softmax(topic_model.model.decision(topic_model.model.matrix(docs)), topic_model.model.temperature)
    assert np.allclose(probabilities.sum(axis=1), 1)


def test_a_text_with_no_word_gets_a_zero_score(topic_model):
    assert classify(topic_model.model, ["。。。！"])[0].score == 0.0


@pytest.mark.parametrize("pairs, message, field", [
    ([("甲", "城乡建设"), ("乙", "城乡建设")], "训练数据只有一个类别“城乡建设”，至少需要两个类别才能训练", "label_column"),
    ([], "训练数据没有任何带标签的文本，至少需要两个类别才能训练", "label_column"),
    ([("路灯坏了", "城乡建设"), ("公交太挤", "")], "第 2 条数据有文本而没有标签", "label_column"),
    ([("路灯坏了", "城乡建设"), (None, "交通运输")], "第 2 条数据有标签“交通运输”而没有文本", "text_column"),
])
def test_bad_training_data_is_refused_in_chinese(pairs, message, field):
    with pytest.raises(ValidationFailed) as caught:
        training.train("topic", pairs)
    assert caught.value.message == message and caught.value.field == field


def test_blank_rows_are_left_out_and_an_unknown_task_is_named():
    texts, labels = training.checked_pairs([("路灯坏了", "城乡建设"), ("", ""), ("公交太挤", "交通运输")])
    assert texts == ["路灯坏了", "公交太挤"]
    with pytest.raises(ValidationFailed, match="未知的分析任务“color”"):
        training.train("color", [("a", "b")])


def test_a_small_set_is_trained_without_a_holdout():
    result = training.train("sentiment", [("很好", "正面"), ("太差", "负面"), ("满意", "正面"), ("很慢", "负面")])
    assert result.metrics is None and result.model.temperature == 1.0
    assert [t.label for t in classify(result.model, ["很好", "太差"])] == ["正面", "负面"]


def test_cross_validation_gives_each_fold_and_the_pooled_classes(sentiment_pairs):
    report = training.cross_validate("sentiment", sentiment_pairs, folds=3)
    assert report["folds"] == 3 and report["rows"] == len(sentiment_pairs)
    assert report["accuracy_mean"] > 0.75  # 400-odd short comments are enough to tell praise from complaint
    assert set(report["per_class"]) == {"正面", "负面"}
    with pytest.raises(ValidationFailed, match="最小的类别只有 2 条，不足以做 5 折交叉验证"):
        training.cross_validate("sentiment", [("好", "正面"), ("差", "负面"), ("棒", "正面"), ("慢", "负面"),
                                              ("赞", "正面")] * 1 + [("行", "正面")], folds=5)
