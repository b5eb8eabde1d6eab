"""A trained text model: word 1-2-gram and character 1-3-gram TF-IDF (or characters alone), a linear SVM, and a temperature that turns its
decision values into probabilities. Linear on purpose: every score is a sum of n-gram weights, so the n-grams that
carried a label are the evidence shown to people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from xiaoneng.analysis.tasks import TaskSpec
from xiaoneng.analysis.text import Doc, fold


# Below this many texts every character n-gram is kept: dropping those seen once costs a small set most of its words.
MIN_DF_FROM_ROWS = 1000


def vectorizers(task: TaskSpec, rows: int) -> tuple[TfidfVectorizer | None, TfidfVectorizer]:
    min_df = task.char_min_df if rows >= MIN_DF_FROM_ROWS else 1
    if not task.words:
        return None, TfidfVectorizer(analyzer="char", lowercase=False, ngram_range=task.char_ngrams,
                                     min_df=min_df, sublinear_tf=True, dtype=np.float32)
    words = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, ngram_range=task.word_ngrams,
                            sublinear_tf=True, dtype=np.float32)
    # char_wb: n-grams inside words only (padded with a space at each end), so each maps back to one word.
    chars = TfidfVectorizer(analyzer="char_wb", lowercase=False, ngram_range=task.char_ngrams,
                            min_df=min_df, sublinear_tf=True, dtype=np.float32)
    return words, chars


def _inputs(task: TaskSpec, docs: Sequence[Doc]) -> list[str]:
    return [d.joined() for d in docs] if task.words else [fold(d.text) for d in docs]


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
    def __init__(self, task: TaskSpec, words: TfidfVectorizer | None, chars: TfidfVectorizer, svm: LinearSVC,
                 temperature: float = 1.0):
        self.task, self.words, self.chars, self.svm, self.temperature = task, words, chars, svm, temperature
        self._names: np.ndarray | None = None

    @classmethod
    def fit(cls, task: TaskSpec, docs: Sequence[Doc], labels: Sequence[str], class_weight="balanced") -> TextModel:
        words, chars = vectorizers(task, len(docs))
        inputs = _inputs(task, docs)
        blocks = ([words.fit_transform(inputs)] if words is not None else []) + [chars.fit_transform(inputs)]
        matrix = sparse.hstack(blocks).tocsr()
        svm = LinearSVC(C=task.C, class_weight=class_weight, random_state=0).fit(matrix, list(labels))
        return cls(task, words, chars, svm)

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.svm.classes_]

    def matrix(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        inputs = _inputs(self.task, docs)
        blocks = ([self.words.transform(inputs)] if self.words is not None else []) + [self.chars.transform(inputs)]
        return sparse.hstack(blocks).tocsr()

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

    def feature_names(self) -> np.ndarray:
        if self._names is None:
            words = [self.words.get_feature_names_out()] if self.words is not None else []
            self._names = np.concatenate(words + [self.chars.get_feature_names_out()])
        return self._names

    def word_feature_count(self) -> int:
        return len(self.words.vocabulary_) if self.words is not None else 0

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_names"] = None  # rebuilt on first use; no need to store a second copy of the vocabulary
        return state
