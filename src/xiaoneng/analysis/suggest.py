"""Complaints' suggestion of the department concerned from the center's own department model (trained on its
complaints whose department was confirmed, service.train_departments_from_complaints), installed by wiring.py
through complaints.classify.use_for_center. The topic (服务态度, 办事效率 …) stays the keyword baseline's: the
model learns departments, not topics. A center without a model, or whose model names none of its departments
now, keeps the baseline."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from xiaoneng.analysis import paths
from xiaoneng.complaints.classify import DepartmentTerms, Span, Suggester, Suggestion
from xiaoneng.errors import ValidationFailed

log = logging.getLogger(__name__)


class TrainedSuggester:
    def __init__(self, model, departments: Sequence[DepartmentTerms], baseline: Suggester):
        self.model, self.baseline = model, baseline
        self.codes = {d.code for d in departments}

    def suggest(self, text: str) -> Suggestion:
        from xiaoneng.analysis.classify import classify

        base = self.baseline.suggest(text)
        [tag] = classify(self.model, [text])
        if tag.label not in self.codes or tag.score == 0:
            return base  # a department since closed, or a text without a word the model reads
        spans = {(s.start, s.end): Span(s.start, s.end, s.text) for s in tag.evidence}
        for span in base.spans:  # the topic's words too, which the model does not mark
            spans.setdefault((span.start, span.end), span)
        return Suggestion(base.topic, tag.label, tag.score, tuple(sorted(spans.values())))


def for_center(center_id: int, departments: Sequence[DepartmentTerms], baseline: Suggester) -> Suggester | None:
    if not paths.has_model("topic", center_id, paths.DEPARTMENTS):
        return None
    # The model libraries are loaded by the first center that has a model, not by every start-up.
    from xiaoneng.analysis import service

    try:
        model = service.loaded_model("topic", center_id, service.DEPARTMENTS).model
    except ValidationFailed as exc:  # written by another library version, or damaged: the baseline serves meanwhile
        log.warning("center %s department model not used: %s", center_id, exc.message)
        return None
    if not {d.code for d in departments} & set(model.classes):
        return None
    return TrainedSuggester(model, departments, baseline)
