"""A text with the words behind its tags marked, for pages: everything escaped, each span in <mark> with the tag it
justifies as its title (a tooltip, no script or style needed)."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def marked(text: str, spans: Iterable[tuple[int, int, str]]) -> Markup:
    """`spans` are (start, end, title) character offsets into `text`; where two overlap, the earlier keeps the shared part."""
    text = text or ""
    parts, at = [], 0
    for start, end, title in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        parts.append(escape(text[at:start]))
        parts.append(Markup('<mark title="{}">{}</mark>').format(title, text[start:end]))
        at = end
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


def comment_spans(tags) -> list[tuple[int, int, str]]:
    """The spans of a comment's tags (comments.CommentTags), titled 服务态度·负面, 需要回应 and so on."""
    spans = [(s.start, s.end, f"{d.dimension}·{d.sentiment}") for d in tags.dimensions for s in d.evidence]
    return spans + [(s.start, s.end, tags.actionability) for s in tags.actionability_evidence]
