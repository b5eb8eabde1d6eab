import json

import pytest

from xiaoneng.conduct import phrases
from xiaoneng.errors import ValidationFailed


def test_builtin_phrases_cover_the_forbidden_phrases_of_s1():
    texts = {p.text for p in phrases.builtin() if p.kind == "forbidden"}
    for phrase in ("我不知道，你去问××", "有牌子，自己看", "下班了，明天再来", "快点，我要下班了", "已经告诉你一遍了，还不懂",
                   "没看我正忙着吗！", "谁说行，你就找谁去", "有意见，找领导去", "我的态度就这样，你能怎样"):
        assert phrase in texts


GOOD = {"code": "X1", "kind": "forbidden", "text": "甲乙", "slots": [["甲"], ["乙"]]}


@pytest.mark.parametrize(("change", "message"), [
    ({"code": ""}, "缺少编号"),
    ({"kind": "rude"}, "类别应为禁止用语或文明用语"),
    ({"text": " "}, "缺少用语原文"),
    ({"slots": []}, "每组至少一种写法"),
    ({"slots": [["甲"], []]}, "每组至少一种写法"),
    ({"slots": [["", "你"]]}, "至少要有一组不可省略的写法"),
    ({"slots": [[str(i) for i in range(300)]]}, "写法过多"),
])
def test_a_malformed_phrase_is_refused_naming_it(change, message):
    with pytest.raises(ValidationFailed, match=message):
        phrases.parse({"phrases": [{**GOOD, **change}]})


def test_duplicate_codes_are_refused():
    with pytest.raises(ValidationFailed, match="用语 X1的编号重复"):
        phrases.parse({"phrases": [GOOD, GOOD]})


def test_a_phrase_file_is_read(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"phrases": [GOOD]}, ensure_ascii=False), encoding="utf-8")
    [phrase] = phrases.read_file(path)
    assert phrase.code == "X1" and phrase.anchors == (("甲",), ("乙",))
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="无法读取用语文件"):
        phrases.read_file(path)
