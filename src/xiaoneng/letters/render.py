"""A letter as the documents people file and print: `docx_bytes(letter)` and `pdf_bytes(letter)`, both drawn from
the one element list of layout.py. A draft shows where its number will go and today's date."""

from __future__ import annotations

from xiaoneng.kit import clock
from xiaoneng.letters import docx_render, layout, pdf_render, rules

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MEDIA_TYPE = "application/pdf"


def docx_bytes(letter) -> bytes:
    return docx_render.docx_bytes(layout.document(letter, today=clock.today()))


def pdf_bytes(letter) -> bytes:
    return pdf_render.pdf_bytes(layout.document(letter, today=clock.today()))


def file_name(letter, suffix: str) -> str:
    """提示函_锦政服函〔2026〕3号_关于….pdf; a draft is named 草稿."""
    kind = rules.KIND_LABELS[rules.Kind(letter.kind)]
    number = letter.number if letter.status == rules.Status.ISSUED else "草稿"
    title = "".join(ch for ch in letter.title if ch not in '\\/:*?"<>|')[:40]
    return f"{kind}_{number}_{title}.{suffix}"
