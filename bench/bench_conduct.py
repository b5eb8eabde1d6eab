"""Conduct scan: texts a second through the phrase matcher (Aho-Corasick), beside a loop of regular expressions
(one alternation per phrase, the naive way), and the file scan of `xiaoneng conduct scan` end to end.

Corpus: the 74,761 real short reviews of ../shared/data/chinese_nlp_corpus (waimai_10k, online_shopping_10_cats)
with the labelled conduct texts of tests/conduct/data mixed in; without the shared data, the labelled texts
repeated. Target: at least 50,000 texts a second.

Run: .venv/bin/python bench/bench_conduct.py
"""

from __future__ import annotations

import csv
import re
import statistics
import tempfile
import time
from pathlib import Path

from xiaoneng.conduct import phrases
from xiaoneng.conduct.matcher import normalise
from xiaoneng.conduct.scan_file import write_hits

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "chinese_nlp_corpus"
LABELLED = [ROOT / "tests" / "conduct" / "data" / n for n in ("labelled_texts.csv", "heldout_texts.csv")]
RUNS = 5


def corpus() -> tuple[list[str], str]:
    labelled = [r["text"] for path in LABELLED for r in csv.DictReader(path.open(encoding="utf-8"))]
    texts = []
    for name in ("waimai_10k.csv", "online_shopping_10_cats.csv"):
        path = SHARED / name
        if path.exists():
            texts += [r["review"] for r in csv.DictReader(path.open(encoding="utf-8")) if r.get("review")]
    if not texts:
        return labelled * 300, f"the {len(labelled)} labelled texts repeated (no ../shared/data)"
    step = max(1, len(texts) // len(labelled))
    for i, text in enumerate(labelled):  # one conduct text among every `step` reviews
        texts.insert(i * step, text)
    return texts, f"{len(texts) - len(labelled):,} reviews of ../shared/data + {len(labelled)} labelled texts"


def regex_loop():
    """The naive scanner: per phrase, one regular expression of its anchors' alternations with gaps between."""
    compiled = []
    for phrase in phrases.builtin():
        if phrase.kind != "forbidden":
            continue
        parts = ["(?:" + "|".join(map(re.escape, sorted(a, key=len, reverse=True))) + ")" for a in phrase.anchors]
        compiled.append((phrase.code, re.compile(".{0,4}".join(parts))))

    def scan(text: str):
        flat = normalise(text)
        return [(code, m.start(), m.end()) for code, pattern in compiled for m in pattern.finditer(flat)]
    return scan


def rate(fn, texts) -> tuple[float, int]:
    rates, hits = [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        hits = sum(len(fn(t)) for t in texts)
        rates.append(len(texts) / (time.perf_counter() - t0))
    return statistics.median(rates), hits


def main() -> None:
    texts, source = corpus()
    matcher = phrases.builtin_matcher()
    print(f"corpus: {source}; median of {RUNS} runs, texts a second")
    ac, ac_hits = rate(matcher.scan, texts)
    rx, rx_hits = rate(regex_loop(), texts)
    with tempfile.TemporaryDirectory() as tmp:
        source_file, out = Path(tmp) / "texts.csv", Path(tmp) / "hits.csv"
        with source_file.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "text"])
            writer.writerows(enumerate(texts))
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            write_hits(source_file, "text", matcher, out)
            times.append(time.perf_counter() - t0)
        file_rate = len(texts) / statistics.median(times)
    print(f"{'matcher (Aho-Corasick)':<34}{ac:>12,.0f}   hits {ac_hits}")
    print(f"{'baseline: loop of regexes':<34}{rx:>12,.0f}   hits {rx_hits} (before negations)")
    print(f"{'file scan, CSV in and out':<34}{file_rate:>12,.0f}")
    print(f"ratio matcher / regex loop: {ac / rx:.1f}; target 50,000 a second: {'met' if file_rate >= 50_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
