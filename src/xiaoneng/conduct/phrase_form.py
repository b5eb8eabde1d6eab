"""The phrase set as people edit it on a page, and back: one row per phrase with its kind, its text, its wordings
(one line per group, the group's interchangeable wordings separated by “/”, a group that may be left out marked
（可省略）) and the words around it that mean it was not used. Codes stay in hidden fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiaoneng.errors import ValidationFailed

OPTIONAL = "（可省略）"
_OPTIONAL_MARKS = ("（可省略）", "(可省略)")
_SPLIT = re.compile(r"[/／|｜]")
_WORDS = re.compile(r"[\s,，、;；/／]+")
MAX_PHRASES = 200


@dataclass(frozen=True)
class Row:
    n: int
    code: str
    kind: str
    text: str
    slots: str
    unless_after: str
    unless_before: str


def rows_of(data: dict) -> list[Row]:
    rows = []
    for n, p in enumerate(data.get("phrases", []), start=1):
        lines = []
        for slot in p.get("slots", []):
            words = [w for w in slot if w]
            lines.append((OPTIONAL if "" in slot else "") + "/".join(words))
        rows.append(Row(n=n, code=p.get("code", ""), kind=p.get("kind", "forbidden"), text=p.get("text", ""),
                        slots="\n".join(lines), unless_after="、".join(p.get("unless_after", [])),
                        unless_before="、".join(p.get("unless_before", []))))
    return rows


def _slots(text: str) -> list[list[str]]:
    slots = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        optional = line.startswith(_OPTIONAL_MARKS)
        for mark in _OPTIONAL_MARKS:
            line = line.removeprefix(mark)
        words = list(dict.fromkeys(w.strip() for w in _SPLIT.split(line) if w.strip()))
        slots.append(([""] if optional else []) + words)
    return slots


def _words(text: str) -> list[str]:
    return [w for w in _WORDS.split(text or "") if w]


def data_of(form, count: int) -> tuple[dict, dict[str, str]]:
    """The phrase set from the posted form (rows 1..count and one new row), with each code's text for messages."""
    if count > MAX_PHRASES:
        raise ValidationFailed(f"用语不能超过 {MAX_PHRASES} 条", field="phrases")
    phrases, texts, taken = [], {}, set()
    for n in range(1, count + 2):
        get = lambda name: str(form.get(f"{name}_{n}", "")).strip()  # noqa: E731
        if get("delete") or (not get("text") and not get("slots")):
            continue
        code = get("code")
        if not code or code in taken:
            code = next(f"C{i:03d}" for i in range(1, 10_000) if f"C{i:03d}" not in taken | {get("code")})
        taken.add(code)
        item = {"code": code, "kind": get("kind") or "forbidden", "text": get("text"), "slots": _slots(get("slots"))}
        if _words(get("unless_after")):
            item["unless_after"] = _words(get("unless_after"))
        if _words(get("unless_before")):
            item["unless_before"] = _words(get("unless_before"))
        phrases.append(item)
        texts[code] = get("text") or f"第 {len(phrases)} 条"
    return {"phrases": phrases}, texts


def named(exc: ValidationFailed, texts: dict[str, str]) -> ValidationFailed:
    """The parser's message with each phrase named by its text rather than its code."""
    message = exc.message
    for code, text in sorted(texts.items(), key=lambda kv: -len(kv[0])):
        message = message.replace(f"用语 {code}", f"用语“{text}”")
    return ValidationFailed(message, field=exc.field)
