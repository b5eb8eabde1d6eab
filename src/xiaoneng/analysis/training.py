"""Training and evaluating a text model from (text, label) pairs: a file's rows, or the platform's own records (a
rating's level labels its comment, a complaint's confirmed department its text).

Figures are measured the way the published baselines are: a stratified 80/20 split with random_state=42 (the held-out
fifth also sets the temperature of the scores), and stratified 5-fold cross-validation for `evaluate`."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold, train_test_split

from xiaoneng.analysis.model import TextModel, fit_temperature
from xiaoneng.analysis.tasks import TaskSpec, spec
from xiaoneng.analysis.text import Doc, segment
from xiaoneng.errors import ValidationFailed

HOLDOUT = 0.2
SEED = 42
MIN_PER_CLASS_FOR_HOLDOUT = 5  # below it a fifth of a class is no test of it


@dataclass
class TrainResult:
    model: TextModel
    rows: int
    class_counts: dict[str, int]
    data_sha256: str
    metrics: dict | None  # the held-out figures, None when the data is too small to hold any out
    seconds: float


def checked_pairs(pairs: Iterable[tuple[object, object]]) -> tuple[list[str], list[str]]:
    """Texts and labels as strings; blank pairs are left out, a text without a label (or the reverse) is refused
    naming its position (counting from 1), and so is data with fewer than two classes."""
    texts, labels = [], []
    for number, (text, label) in enumerate(pairs, start=1):
        text = "" if text is None else str(text).strip()
        label = "" if label is None else str(label).strip()
        if not text and not label:
            continue
        if not label:
            raise ValidationFailed(f"第 {number} 条数据有文本而没有标签", field="label_column")
        if not text:
            raise ValidationFailed(f"第 {number} 条数据有标签“{label}”而没有文本", field="text_column")
        texts.append(text)
        labels.append(label)
    classes = Counter(labels)
    if len(classes) < 2:
        only = f"只有一个类别“{next(iter(classes))}”" if classes else "没有任何带标签的文本"
        raise ValidationFailed(f"训练数据{only}，至少需要两个类别才能训练", field="label_column")
    return texts, labels


def data_hash(texts: Sequence[str], labels: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(f"{label}\t{text}\n".encode("utf-8"))
    return digest.hexdigest()


def figures(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str]) -> dict:
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=list(classes),
                                                                     zero_division=0)
    return {
        "rows": len(truth),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, labels=list(classes), average="macro", zero_division=0)), 4),
        "per_class": {c: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
                          "support": int(s)} for c, p, r, f, s in zip(classes, precision, recall, f1, support)},
    }


def segment_all(task: TaskSpec, texts: Iterable[str]) -> list[Doc]:
    if not task.words:
        return [Doc(text=t or "", words=(), starts=(), ends=()) for t in texts]
    return [segment(t, drop_stopwords=task.drop_stopwords) for t in texts]


def _holdout_possible(labels: Sequence[str]) -> bool:
    counts = Counter(labels)
    return min(counts.values()) >= MIN_PER_CLASS_FOR_HOLDOUT and len(labels) * HOLDOUT >= len(counts)


def train(task_name: str, pairs: Iterable[tuple[object, object]], *, holdout: bool = True) -> TrainResult:
    """A model fitted on every pair; when the data allows, first fitted on 80 % and measured on the other 20 %, which
    also calibrates its scores."""
    started = time.perf_counter()
    task = spec(task_name)
    texts, labels = checked_pairs(pairs)
    docs = segment_all(task, texts)
    metrics, temperature = None, 1.0
    if holdout and _holdout_possible(labels):
        index = np.arange(len(docs))
        fit_rows, test_rows = train_test_split(index, test_size=HOLDOUT, stratify=labels, random_state=SEED)
        trial = TextModel.fit(task, [docs[i] for i in fit_rows], [labels[i] for i in fit_rows])
        decision = trial.decision(trial.matrix([docs[i] for i in test_rows]))
        truth = [labels[i] for i in test_rows]
        classes = trial.classes
        predicted = [classes[k] for k in decision.argmax(axis=1)]
        metrics = figures(truth, predicted, classes)
        metrics["split"] = f"分层抽样 {int((1 - HOLDOUT) * 100)}/{int(HOLDOUT * 100)}，random_state={SEED}"
        temperature = fit_temperature(decision, np.array([classes.index(t) for t in truth]))
    model = TextModel.fit(task, docs, labels)
    model.temperature = temperature
    return TrainResult(model=model, rows=len(texts), class_counts=dict(sorted(Counter(labels).items())),
                       data_sha256=data_hash(texts, labels), metrics=metrics,
                       seconds=round(time.perf_counter() - started, 1))


def cross_validate(task_name: str, pairs: Iterable[tuple[object, object]], *, folds: int = 5) -> dict:
    """Stratified k-fold figures: each fold's accuracy and macro-F1, their mean and spread, and the per-class
    figures of all folds' predictions pooled."""
    task = spec(task_name)
    texts, labels = checked_pairs(pairs)
    smallest = min(Counter(labels).values())
    if smallest < folds:
        raise ValidationFailed(f"最小的类别只有 {smallest} 条，不足以做 {folds} 折交叉验证", field="label_column")
    docs = segment_all(task, texts)
    y = np.array(labels)
    predicted = np.empty(len(y), dtype=object)
    accuracy, macro = [], []
    for fit_rows, test_rows in StratifiedKFold(folds, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y):
        model = TextModel.fit(task, [docs[i] for i in fit_rows], y[fit_rows])
        fold_pred, _ = model.predict([docs[i] for i in test_rows])
        predicted[test_rows] = [p.label for p in fold_pred]
        accuracy.append(accuracy_score(y[test_rows], predicted[test_rows]))
        macro.append(f1_score(y[test_rows], list(predicted[test_rows]), average="macro"))
    classes = sorted(set(labels))
    pooled = figures(list(y), list(predicted), classes)
    return {"task": task.name, "folds": folds, "rows": len(y), "split": f"分层 {folds} 折交叉验证，random_state={SEED}",
            "accuracy_mean": round(float(np.mean(accuracy)), 4), "accuracy_sd": round(float(np.std(accuracy)), 4),
            "macro_f1_mean": round(float(np.mean(macro)), 4), "macro_f1_sd": round(float(np.std(macro)), 4),
            "per_class": pooled["per_class"]}
