"""Use cases of text analysis: a center's models trained on its own records and kept under the configured var dir
(<var_dir>/analysis/center-<id>/<task>/), texts classified with them, rating comments tagged, answers scored.

Other domains hand their labelled texts in as (text, label) pairs through `train_center_model`: ratings (a rating's
level labels its comment) and complaints (a complaint's confirmed department, by its code, labels its text; kept as
the center's department model, which complaints' suggestions then come from, see suggest.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from xiaoneng.analysis import replies, store, training
from xiaoneng.analysis.classify import Tag, classify
from xiaoneng.analysis.comments import CommentTags, tag_comment
from xiaoneng.analysis.paths import DEPARTMENTS, has_model, model_dir
from xiaoneng.analysis.rules import NEGATIVE, POSITIVE
from xiaoneng.analysis.tasks import TASKS, spec
from xiaoneng.audit import service as audit
from xiaoneng.complaints.texts import confirmed_departments
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.ratings.texts import rated_comments

# Loaded models by directory, with the manifest's modification time they were loaded at: a model trained again by
# another process is read again.
_loaded: dict[Path, tuple[int, store.Loaded]] = {}

def loaded_model(task: str, center_id: int | None = None, name: str | None = None) -> store.Loaded:
    directory = model_dir(task, center_id, name)
    manifest = directory / store.MANIFEST
    if not manifest.is_file():
        whose = "本中心" if center_id is not None else "平台"
        raise ValidationFailed(f"{whose}尚未训练“{TASKS[task].label}”模型，请先训练", field="task")
    stamp = manifest.stat().st_mtime_ns
    cached = _loaded.get(directory)
    if cached is None or cached[0] != stamp:
        cached = (stamp, store.load(directory, task))
        _loaded[directory] = cached
    return cached[1]


def classify_texts(task: str, texts: Sequence[str], *, center_id: int | None = None) -> list[Tag]:
    """One tag per text (label, score 0-1, evidence spans) from the center's trained model, else the platform's."""
    spec(task)
    if center_id is not None and not (model_dir(task, center_id) / store.MANIFEST).is_file():
        center_id = None  # a center that has not trained its own model uses the platform's
    return classify(loaded_model(task, center_id).model, list(texts))


def tag_comments(texts: Sequence[str], levels: Sequence[int | None] | None = None) -> list[CommentTags]:
    """The dimensions of S0 art. 9 each comment speaks of, with their sentiment, and its actionability."""
    levels = list(levels) if levels is not None else [None] * len(texts)
    return [tag_comment(text, level=level) for text, level in zip(texts, levels)]


def score_reply(complaint_text: str, reply_text: str) -> replies.ReplyScore:
    return replies.score(complaint_text, reply_text)


def train_center_model(session: Session, *, actor: Actor, task: str, pairs: Iterable[tuple[object, object]],
                       source: str, name: str | None = None) -> dict:
    """Train the actor's center's model for `task` on (text, label) pairs and keep it as the center's; returns the
    manifest. Refused, changing nothing, when the pairs have fewer than two classes or a text without a label."""
    actor.require("analysis.train")
    center_id = actor_center_id(actor)
    result = training.train(task, pairs)
    audit.record(session, actor=actor, action="analysis.train", entity="analysis_model", entity_id=name or task,
                 center_id=center_id, detail={"task": task, "source": source, "rows": result.rows,
                                              "classes": result.class_counts, "metrics": result.metrics and {
                                                  "accuracy": result.metrics["accuracy"],
                                                  "macro_f1": result.metrics["macro_f1"]}})
    # The files last, after the only check that can still fail: nothing is written for a refused request.
    return store.save(result, model_dir(task, center_id, name), trained_at=clock.now(), source=source)


def rating_sentiment(level: int) -> str | None:
    """满意 and above are positive, 不满意 and below negative; 基本满意 says too little either way to teach from."""
    return POSITIVE if level >= 4 else NEGATIVE if level <= 2 else None


def train_sentiment_from_ratings(session: Session, *, actor: Actor) -> dict:
    pairs = [(comment, rating_sentiment(level)) for comment, level in rated_comments(session, actor_center_id(actor))]
    pairs = [(text, label) for text, label in pairs if label is not None]
    if not pairs:
        raise ValidationFailed("本中心还没有带评价内容的评价，无法训练情感模型", field="task")
    return train_center_model(session, actor=actor, task="sentiment", pairs=pairs, source="本中心评价")


def train_departments_from_complaints(session: Session, *, actor: Actor) -> dict:
    """The center's department model from its complaints whose department was confirmed, labelled by the
    department's code (a code stays when a department is renamed)."""
    center_id = actor_center_id(actor)
    codes = {d.id: d.code for d in org.department_choices(session, actor=system_actor(center_id))}
    pairs = [(text, codes.get(department_id)) for text, department_id in confirmed_departments(session, center_id)]
    if not pairs:
        raise ValidationFailed("本中心还没有已确定承办部门的投诉，无法训练部门分类模型", field="center")
    return train_center_model(session, actor=actor, task="topic", pairs=pairs, source="本中心投诉（已确定承办部门）",
                              name=DEPARTMENTS)
