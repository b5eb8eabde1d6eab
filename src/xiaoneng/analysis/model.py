"""A trained text model: TF-IDF blocks (features.py), a linear SVM, and a temperature that turns its decision
values into probabilities. Linear on purpose: every score is a sum of n-gram weights, so the n-grams that
carried a label are the evidence shown to people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC

from xiaoneng.analysis.features import Features
from xiaoneng.analysis.tasks import TaskSpec
from xiaoneng.analysis.text import Doc


def softmax(values: np.ndarray, temperature: float) -> np.ndarray:
    z = values / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def class_scores(decision: np.ndarray) -> np.ndarray:
    """One column per class: a binary SVM's single decision value d becomes (-d, d)."""
    return np.column_stack([-decision, decision]) if decision.ndim == 1 else decision


def fit_temperature(decision: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that makes softmax(decision / T) the best probabilities for the held-out truth (log loss),
    searched on a log grid: a one-parameter fit needs nothing finer."""
    best, best_loss = 1.0, np.inf
    rows = np.arange(len(truth))
    for temperature in np.geomspace(0.02, 5.0, 120):
        loss = -np.log(softmax(decision, temperature)[rows, truth] + 1e-12).mean()
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


@dataclass(frozen=True)
class Prediction:
    label: str
    score: float
    row: int  # into the matrix the prediction came from
    class_index: int


class TextModel:
    def __init__(self, task: TaskSpec, features: Features, svm: LinearSVC, temperature: float = 1.0):
        self.task, self.features, self.svm, self.temperature = task, features, svm, temperature

    @classmethod
    def fit(cls, task: TaskSpec, docs: Sequence[Doc], labels: Sequence[str], class_weight="balanced") -> TextModel:
        features = Features(task, len(docs))
        matrix = features.fit_transform(docs)
        multi_class = task.multi_class if len(set(labels)) > 2 else "ovr"
        svm = LinearSVC(C=task.C, class_weight=class_weight, multi_class=multi_class, random_state=0)
        svm.fit(matrix, list(labels))
        return cls(task, features, svm)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.svm.classes_]

    def matrix(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        return self.features.transform(docs)

    def decision(self, matrix: sparse.csr_matrix) -> np.ndarray:
        return class_scores(self.svm.decision_function(matrix))

    def predict(self, docs: Sequence[Doc]) -> tuple[list[Prediction], sparse.csr_matrix]:
        matrix = self.matrix(docs)
        probabilities = softmax(self.decision(matrix), self.temperature)
        best = probabilities.argmax(axis=1)
        classes = self.classes
        return [Prediction(classes[k], float(probabilities[i, k]), i, int(k)) for i, k in enumerate(best)], matrix

    def coefficients(self, class_index: int) -> np.ndarray:
        coef = self.svm.coef_
        if coef.shape[0] == 1:  # binary: one row, positive towards the second class
            return coef[0] if class_index == 1 else -coef[0]
        return coef[class_index]
