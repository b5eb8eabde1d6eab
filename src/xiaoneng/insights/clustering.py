"""The topics of a set of texts: segmented by the analysis's jieba reader (stop words out), TF-IDF of words reduced
to 50 latent dimensions (LSA: k-means on a few thousand sparse rows is many times slower), k-means with k chosen by
the silhouette on a sample, each topic's keywords by c-TF-IDF and its representative texts (closest
to the centroid, distinct). Texts of earlier months are assigned to the nearest topic for its trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import silhouette_score

from xiaoneng.analysis.text import segment
from xiaoneng.insights import rules

MIN_TEXTS = 20  # fewer texts than this make no topics worth a name
K_RANGE = (4, 16)
SILHOUETTE_SAMPLE = 2000
MIN_WORDS = 2  # a text of one word after stop words ("满意") says what, not about what
# A text of an earlier month belongs to a topic when its cosine similarity to the centroid reaches this.
ASSIGN_SIMILARITY = 0.3
LATENT = 50
REPRESENTATIVES = 3


@dataclass
class Topics:
    labels: np.ndarray  # a topic per kept text, -1 for texts left out
    keywords: list[list[str]]
    representatives: list[list[int]]  # indices into the texts, closest first
    k: int
    silhouette: float
    vectorizer: TfidfVectorizer
    svd: TruncatedSVD
    centroids: np.ndarray  # unit vectors in the latent space

    def assign(self, texts: Sequence[str], cache: dict | None = None) -> np.ndarray:
        """The nearest topic of each text, or -1 when none is near enough."""
        cache = {} if cache is None else cache
        docs = [_joined(t, cache) for t in texts]
        if not docs:
            return np.zeros(0, dtype=int)
        matrix = _unit(self.svd.transform(self.vectorizer.transform(docs)))
        similarity = np.asarray(matrix @ self.centroids.T)
        best = similarity.argmax(axis=1)
        best[similarity.max(axis=1) < ASSIGN_SIMILARITY] = -1
        return best


# Words of how a text came in, not of what it is about ("来电：", "网上留言：" open most complaints and inquiries).
CHANNEL_WORDS = frozenset({"来电", "来电人", "留言", "网上", "网上留言", "来信", "反映", "市民", "群众", "来电称",
                           "询问", "咨询", "请问", "平台", "转来", "邮件", "意见箱", "表扬", "来电表扬", "来信表扬"})


@lru_cache(maxsize=50_000)
def _words(text: str) -> str:
    return " ".join(w for w in segment(text).words if w not in CHANNEL_WORDS)


def _joined(text: str, cache: dict | None = None) -> str:
    """The text's words for the vectorizer; the same text (a template, a copy, a month computed again) segmented once
    per process and run."""
    if cache is not None and text in cache:
        return cache[text]
    joined = _words(text)
    if cache is not None:
        cache[text] = joined
    return joined


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)


def _choose_k(matrix, seed: int) -> tuple[int, KMeans, float]:
    """k by the silhouette (cosine) of k-means fitted on a sample, then the chosen k fitted on every text."""
    rows = matrix.shape[0]
    rng = np.random.default_rng(seed)
    sample = matrix[rng.choice(rows, size=min(rows, SILHOUETTE_SAMPLE), replace=False)]
    # Never more topics than distinct texts (templated or copied texts are one point many times over).
    distinct = len(np.unique(np.round(sample, 6), axis=0))
    upper = max(2, min(K_RANGE[1], sample.shape[0] // 8, distinct))
    lower = min(K_RANGE[0], upper)
    best_k, best_score = lower, -1.0
    for k in sorted({*range(lower, upper + 1, 2), upper}):
        labels = KMeans(n_clusters=k, random_state=seed, n_init=1).fit_predict(sample)
        if len(set(labels.tolist())) < 2:
            continue
        score = float(silhouette_score(sample, labels, metric="cosine"))
        if score > best_score:
            best_k, best_score = k, score
    model = KMeans(n_clusters=best_k, random_state=seed, n_init=3).fit(matrix)
    return best_k, model, max(best_score, 0.0)


def find_topics(texts: Sequence[str], *, seed: int = 0, cache: dict | None = None) -> Topics | None:
    """The topics of the texts, or None when there are too few texts with content to cluster. A text belongs to its
    nearest topic when near enough (ASSIGN_SIMILARITY), the rule the texts of earlier periods are counted by too, so
    that growth compares like with like."""
    cache = {} if cache is None else cache
    docs = [_joined(t, cache) for t in texts]
    kept = np.array([len(d.split()) >= MIN_WORDS for d in docs])
    if kept.sum() < MIN_TEXTS:
        return None
    kept_docs = [d for d, keep in zip(docs, kept) if keep]
    vectorizer = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False, min_df=2, max_df=0.5,
                                 sublinear_tf=True, dtype=np.float64)
    try:
        tfidf = vectorizer.fit_transform(kept_docs)
    except ValueError:  # no word in two texts
        return None
    if tfidf.shape[1] < 3:
        return None
    svd = TruncatedSVD(n_components=min(LATENT, tfidf.shape[1] - 1), random_state=seed)
    matrix = _unit(svd.fit_transform(tfidf))
    k, model, silhouette = _choose_k(matrix, seed)
    kept_labels = model.labels_
    centroids = _unit(model.cluster_centers_)
    counts = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False,
                             vocabulary=vectorizer.vocabulary_).transform(kept_docs)
    per_topic = np.vstack([np.asarray(counts[kept_labels == c].sum(axis=0)).ravel() for c in range(k)])
    weights = rules.class_tfidf(per_topic)
    vocabulary = vectorizer.get_feature_names_out()
    keywords = [[str(vocabulary[j]) for j in np.argsort(-weights[c])[:8] if weights[c, j] > 0] for c in range(k)]
    kept_index = np.flatnonzero(kept)
    similarity = matrix @ centroids.T
    kept_labels = similarity.argmax(axis=1)
    kept_labels[similarity.max(axis=1) < ASSIGN_SIMILARITY] = -1
    representatives = []
    for c in range(k):
        members = np.flatnonzero(kept_labels == c)
        order = members[np.argsort(-similarity[members, c])]
        chosen, seen = [], set()
        for m in order:
            text = texts[kept_index[m]].strip()
            if text in seen:
                continue
            seen.add(text)
            chosen.append(int(kept_index[m]))
            if len(chosen) == REPRESENTATIVES:
                break
        representatives.append(chosen)
    labels = np.full(len(texts), -1, dtype=int)
    labels[kept_index] = kept_labels
    return Topics(labels=labels, keywords=keywords, representatives=representatives, k=k, silhouette=silhouette,
                  vectorizer=vectorizer, svd=svd, centroids=centroids)
