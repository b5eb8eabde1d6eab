"""Where a center's models are kept (<var_dir>/analysis/center-<id>/<task or name>/), without loading any: asking
whether a center has a model must not cost the start-up of the model libraries."""

from __future__ import annotations

from pathlib import Path

from xiaoneng.analysis.tasks import spec
from xiaoneng.config import get_settings

MANIFEST = "manifest.json"  # store.MANIFEST, named here so that asking imports nothing heavy
# The center's model of which department a complaint concerns: a topic model whose labels are department codes,
# kept apart from a topic model trained on a file's categories.
DEPARTMENTS = "departments"


def model_dir(task: str, center_id: int | None = None, name: str | None = None) -> Path:
    spec(task)
    base = get_settings().var_dir / "analysis"
    return (base / f"center-{center_id}" / (name or task)) if center_id is not None else base / (name or task)


def has_model(task: str, center_id: int | None = None, name: str | None = None) -> bool:
    return (model_dir(task, center_id, name) / MANIFEST).is_file()
