"""The phrase set: the built-in one of S1 (data/phrases.json) or one read from a file, checked before use."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from xiaoneng.conduct.matcher import MAX_WORDINGS, Matcher, Phrase
from xiaoneng.errors import ValidationFailed

KINDS = {"forbidden": "禁止用语", "polite": "文明用语"}


def parse(data: dict) -> list[Phrase]:
    """Phrases from their JSON form ({"phrases": [{code, kind, text, slots, unless_after?, unless_before?}]}),
    refused with the phrase and the reason when one is malformed."""
    items = data.get("phrases") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise ValidationFailed("用语文件应包含 phrases 列表", field="phrases")
    phrases, codes = [], set()
    for n, item in enumerate(items, start=1):
        where = f"第 {n} 条用语"
        if not isinstance(item, dict):
            raise ValidationFailed(f"{where}格式不正确", field="phrases")
        code, kind, text, slots = (item.get(k) for k in ("code", "kind", "text", "slots"))
        if not isinstance(code, str) or not code.strip():
            raise ValidationFailed(f"{where}缺少编号", field="code")
        where = f"用语 {code}"
        if code in codes:
            raise ValidationFailed(f"{where}的编号重复", field="code")
        if kind not in KINDS:
            raise ValidationFailed(f"{where}的类别应为禁止用语或文明用语", field="kind")
        if not isinstance(text, str) or not text.strip():
            raise ValidationFailed(f"{where}缺少用语原文", field="text")
        if (not isinstance(slots, list) or not slots
                or not all(isinstance(s, list) and s and all(isinstance(w, str) for w in s) for s in slots)):
            raise ValidationFailed(f"{where}的写法应为若干组，每组至少一种写法", field="slots")
        phrase = Phrase.of(code=code.strip(), kind=kind, text=text.strip(), slots=slots,
                           unless_after=item.get("unless_after") or (), unless_before=item.get("unless_before") or ())
        if not phrase.anchors:
            raise ValidationFailed(f"{where}至少要有一组不可省略的写法", field="slots")
        if any(len(slot) > MAX_WORDINGS for slot in phrase.slots):
            raise ValidationFailed(f"{where}的某一组写法过多（至多 {MAX_WORDINGS} 种）", field="slots")
        codes.add(phrase.code)
        phrases.append(phrase)
    return phrases


def read_file(path: Path) -> list[Phrase]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"无法读取用语文件：{exc}", field="phrases") from None
    return parse(data)


def builtin_data() -> dict:
    """The shipped phrase set in its JSON form (a fresh copy each time)."""
    return json.loads(resources.files("xiaoneng.conduct").joinpath("data/phrases.json").read_text(encoding="utf-8"))


@functools.cache
def builtin() -> tuple[Phrase, ...]:
    """The phrases of S1 (服务规范 四、五) with their variants, as shipped."""
    return tuple(parse(builtin_data()))


@functools.cache
def builtin_matcher() -> Matcher:
    return Matcher(builtin())
