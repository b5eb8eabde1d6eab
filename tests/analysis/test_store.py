import datetime as dt
import json

import pytest

from xiaoneng.analysis import store, training
from xiaoneng.analysis.classify import classify
from xiaoneng.errors import ValidationFailed

AT = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(scope="module")
def saved(tmp_path_factory, messages):
    directory = tmp_path_factory.mktemp("model")
    result = training.train("topic", messages)
    manifest = store.save(result, directory, trained_at=AT, source="messages_small.csv")
    return directory, manifest, result


def test_the_manifest_names_the_data_classes_figures_and_versions(saved):
    directory, manifest, result = saved
    on_disk = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk == manifest
    assert manifest["task"] == "topic" and manifest["classes"] == ["交通运输", "城乡建设", "教育文体"]
    assert manifest["rows"] == 45 and manifest["data_sha256"] == result.data_sha256
    assert manifest["trained_at"] == "2026-11-18T10:00:00+08:00" and manifest["source"] == "messages_small.csv"
    assert manifest["metrics"]["split"].startswith("分层抽样 80/20")
    assert set(manifest["versions"]) == {"python", "scikit-learn", "scipy", "numpy", "jieba", "rjieba", "joblib"}
    assert len(manifest["files"]["model.joblib"]) == 64
    assert sorted(p.name for p in directory.iterdir()) == ["manifest.json", "model.joblib"]  # no temporary left


def test_a_saved_model_loads_and_labels_as_it_did(saved):
    directory, _, result = saved
    loaded = store.load(directory, "topic")
    texts = ["公交车太挤", "学校乱收费"]
    assert classify(loaded.model, texts) == classify(result.model, texts)


def test_a_changed_model_file_is_refused(saved, tmp_path):
    directory, manifest, _ = saved
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (copy / "model.joblib").write_bytes((directory / "model.joblib").read_bytes() + b"\0")
    with pytest.raises(ValidationFailed, match="与清单记录的校验值不符"):
        store.load(copy, "topic")


def test_another_library_version_or_task_is_refused(saved, tmp_path):
    directory, manifest, _ = saved
    with pytest.raises(ValidationFailed, match="是“topic”任务的模型，不是“sentiment”"):
        store.load(directory, "sentiment")
    older = dict(manifest, versions=dict(manifest["versions"], **{"scikit-learn": "0.24.2"}))
    (tmp_path / "manifest.json").write_text(json.dumps(older), encoding="utf-8")
    (tmp_path / "model.joblib").write_bytes((directory / "model.joblib").read_bytes())
    with pytest.raises(ValidationFailed, match=r"scikit-learn 0.24.2 → .*请重新训练"):
        store.load(tmp_path, "topic")


def test_a_directory_without_a_model_says_how_to_make_one(tmp_path):
    with pytest.raises(ValidationFailed, match="没有 manifest.json：请先用 xiaoneng analysis train 训练模型"):
        store.load(tmp_path, "topic")
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="无法读取"):
        store.load(tmp_path, "topic")
