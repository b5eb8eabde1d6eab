"""A question's results as a horizontal bar chart in SVG, drawn on the server: no chart library is served, and an
inline SVG with presentation attributes passes the pages' Content-Security-Policy (no script, no style attribute)."""

from __future__ import annotations

from markupsafe import Markup, escape

from xiaoneng.surveys.rules import Tally

ROW, BAR_X, WIDTH, BAR_MAX = 30, 190, 640, 330
BAR, TRACK, TEXT = "#2f6fb2", "#e8edf3", "#1f2933"


def bars(tally: Tally, *, title: str) -> Markup:
    """One bar per option (or per score), its length the share of those who answered; the count and the share
    written after it. The title is the SVG's accessible name."""
    height = ROW * max(len(tally.labels), 1) + 10
    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="100%" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for i, label in enumerate(tally.labels):
        y = 5 + i * ROW
        share = tally.share(i)
        length = round(BAR_MAX * share, 1)
        shown = label if len(label) <= 12 else label[:11] + "…"
        parts.append(
            f'<text x="{BAR_X - 8}" y="{y + 19}" text-anchor="end" font-size="14" fill="{TEXT}">{escape(shown)}'
            f'<title>{escape(label)}</title></text>'
            f'<rect x="{BAR_X}" y="{y + 4}" width="{BAR_MAX}" height="20" rx="3" fill="{TRACK}"/>'
            f'<rect x="{BAR_X}" y="{y + 4}" width="{length}" height="20" rx="3" fill="{BAR}"/>'
            f'<text x="{BAR_X + BAR_MAX + 8}" y="{y + 19}" font-size="14" fill="{TEXT}">'
            f'{tally.counts[i]} 人（{share:.0%}）</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
