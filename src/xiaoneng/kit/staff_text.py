"""A text about a staff member, as a domain hands it to scans that read every such text once (the conduct scan)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffText:
    id: int  # the row's id in its source: the scan's watermark
    center_id: int
    department_id: int | None
    staff_id: int | None  # whom the text is about
    text: str
    link: str  # the page of the record
