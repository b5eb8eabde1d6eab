"""A model directory: model.joblib (the scikit-learn objects the platform fitted) and manifest.json (task, classes,
the training data's hash, figures, library versions and the model file's SHA-256).

joblib files are pickles, which run code when loaded: a directory is loaded only when its manifest names the file's
hash and the library versions it was written with, so a file the platform did not write, or wrote with another
scikit-learn, is refused with a reason instead of being trusted."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import joblib

from xiaoneng.analysis.model import TextModel
from xiaoneng.analysis.training import TrainResult
from xiaoneng.errors import ValidationFailed

MODEL_FILE = "model.joblib"
MANIFEST = "manifest.json"
FORMAT = 2  # 2: the numpy feature blocks of features.py
LIBRARIES = ("scikit-learn", "scipy", "numpy", "jieba", "rjieba", "joblib")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        found[name] = metadata.version(name)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def save(result: TrainResult, directory: Path, *, trained_at: dt.datetime, source: str) -> dict:
    """Write the model, then the manifest (each through a temporary file renamed into place, the manifest last:
    a directory whose manifest is there holds a whole model)."""
    directory.mkdir(parents=True, exist_ok=True)
    model_path = directory / MODEL_FILE
    temporary = directory / f".{MODEL_FILE}.tmp"
    joblib.dump(result.model, temporary, compress=3)
    os.replace(temporary, model_path)
    manifest = {
        "format": FORMAT, "task": result.model.task.name, "classes": result.model.classes,
        "class_counts": result.class_counts, "rows": result.rows, "source": source,
        "data_sha256": result.data_sha256, "trained_at": trained_at.isoformat(timespec="seconds"),
        "training_seconds": result.seconds, "temperature": result.model.temperature, "metrics": result.metrics,
        "versions": versions(), "files": {MODEL_FILE: _sha256(model_path)},
    }
    temporary = directory / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temporary, directory / MANIFEST)
    return manifest


@dataclass(frozen=True)
class Loaded:
    model: TextModel
    manifest: dict


def read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.is_file():
        raise ValidationFailed(f"模型目录 {directory} 中没有 {MANIFEST}：请先用 xiaoneng analysis train 训练模型",
                               field="model_dir")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ValidationFailed(f"模型目录 {directory} 的 {MANIFEST} 无法读取，请重新训练", field="model_dir") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationFailed(f"模型目录 {directory} 的格式不是本平台写出的，请重新训练", field="model_dir")
    return manifest


def load(directory: Path, task: str) -> Loaded:
    manifest = read_manifest(directory)
    if manifest.get("task") != task:
        raise ValidationFailed(f"模型目录 {directory} 中是“{manifest.get('task')}”任务的模型，不是“{task}”",
                               field="model_dir")
    current = versions()
    changed = [f"{name} {manifest.get('versions', {}).get(name)} → {current[name]}" for name in LIBRARIES
               if manifest.get("versions", {}).get(name) != current[name]]
    if changed:
        raise ValidationFailed(f"模型训练时的程序库版本与现在不同（{'；'.join(changed)}），请重新训练", field="model_dir")
    path = directory / MODEL_FILE
    if not path.is_file() or _sha256(path) != manifest.get("files", {}).get(MODEL_FILE):
        raise ValidationFailed(f"模型文件 {path} 缺失或与清单记录的校验值不符，请重新训练", field="model_dir")
    model = joblib.load(path)
    if not isinstance(model, TextModel):
        raise ValidationFailed(f"模型文件 {path} 不是本平台的文本模型，请重新训练", field="model_dir")
    return Loaded(model=model, manifest=manifest)
