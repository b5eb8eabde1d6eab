"""Precision and recall of the built-in phrases on the labelled texts: hits written as citizens and inspectors
write them (rating comments, complaints, notes) and close non-hits (the same words said by the citizen, quoted in a
rule, negated, advice). labelled_texts.csv was used while writing the phrases' variants; heldout_texts.csv was
written afterwards and not tuned on."""

import csv
from pathlib import Path

import pytest

from xiaoneng.conduct import phrases

DATA = Path(__file__).parent / "data"


def load(name):
    with (DATA / name).open(encoding="utf-8") as f:
        return [(r["text"], {c for c in r["codes"].split(";") if c}, r["kind"]) for r in csv.DictReader(f)]


def measure(rows):
    matcher = phrases.builtin_matcher()
    tp = fp = fn = 0
    for text, expected, _ in rows:
        found = {h.code for h in matcher.scan(text)}
        tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
    return tp / (tp + fp), tp / (tp + fn)


def test_the_sets_hold_enough_hits_and_near_misses():
    rows = load("labelled_texts.csv") + load("heldout_texts.csv")
    assert len(rows) >= 200
    assert sum(kind == "hit" for *_, kind in rows) >= 100
    assert sum(kind == "near_miss" for *_, kind in rows) >= 100
    assert {c for _, codes, _ in rows for c in codes} == {p.code for p in phrases.builtin() if p.kind == "forbidden"}


@pytest.mark.parametrize(("name", "least"), [("labelled_texts.csv", 0.95), ("heldout_texts.csv", 0.9)])
def test_precision_and_recall(name, least):
    precision, recall = measure(load(name))
    assert precision >= least and recall >= least, (precision, recall)
