"""The complaint use cases in one place: intake (registration, the public form, duplicates), the 12345 import, the
handling (assign, sign, investigate, answer, call back, reopen, decide), evidence files and the settings."""

from __future__ import annotations

from xiaoneng.complaints.common import load as get_complaint
from xiaoneng.complaints.evidence import add as add_evidence
from xiaoneng.complaints.evidence import read as read_evidence
from xiaoneng.complaints.importing import ImportResult, import_orders
from xiaoneng.complaints.intake import merge, public_lookup, register, split, submit_public
from xiaoneng.complaints.settings import current as current_settings
from xiaoneng.complaints.settings import update as update_settings
from xiaoneng.complaints.workflow import answer, assign, callback, decide, note, reclassify, sign
from xiaoneng.complaints.workflow import check_answer

__all__ = [
    "ImportResult", "add_evidence", "answer", "assign", "callback", "current_settings", "decide", "get_complaint",
    "import_orders", "merge", "note", "public_lookup", "read_evidence", "reclassify", "register", "sign", "split",
    "submit_public", "update_settings",
]
__all__ += ["check_answer"]  # an answer scored before it is sent
