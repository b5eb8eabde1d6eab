import pytest

from xiaoneng.conduct import phrases
from xiaoneng.conduct.matcher import Matcher, Phrase, normalise, normalise_with_offsets


@pytest.fixture(scope="module")
def matcher():
    return phrases.builtin_matcher()


def codes(matcher, text, kinds=("forbidden",)):
    return [h.code for h in matcher.scan(text, kinds)]


@pytest.mark.parametrize(("text", "expected"), [
    ("下班了，明天再来", ["J03"]),                                   # the phrase as S1 writes it
    ("下班了啊，明天再来吧！", ["J03"]),                              # fillers
    ("下 班 了 ， 明 天 再 来", ["J03"]),                            # spaces
    ("下班了...明天再来!!!", ["J03"]),                               # ASCII punctuation
    ("已经下班了，你们明天再来", ["J03"]),                            # a pronoun in the gap
    ("我不知道，你去问××", ["J01"]),
    ("我不知道，你去问张科长", ["J01"]),                              # a name in place of ××
    ("不晓得，你去问三号窗口", ["J01"]),                              # near-synonym
    ("我不清楚，问别人去", ["J01"]),
    ("有意见，找领导去", ["J08"]),
    ("有意见？找我们领导去！", ["J08"]),
    ("你不服就找上级", ["J08"]),
    ("有意见可以找领导反映", []),                                     # advice, not the forbidden phrase
    ("有意见就找领导沟通", []),                                       # the phrase's own exception after it
    ("工作人员从来不说“下班了，明天再来”", []),                        # negated before
    ("下班了明天再来这种话我从没听到过", []),                          # negated after
    ("她说了下班了明天再来这种话，太过分", ["J03"]),                    # a demonstrative alone negates nothing
    ("我不知道怎么填表，她一步步教我", []),                           # the citizen not knowing
    ("服务很好，点赞", []),
    ("", []),
    ("ＡＢＣ下班了，明天再来", ["J03"]),                              # full-width letters fold, offsets stay
    ("说下班了明天再来，又说有意见找领导去", ["J03", "J08"]),           # two phrases, in order
])
def test_forbidden_phrases_and_their_variants(matcher, text, expected):
    assert codes(matcher, text) == expected


def test_a_hit_points_at_the_words_in_the_original_text(matcher):
    text = "工作人员说：“下班了啊，明天再来吧！”"
    [hit] = matcher.scan(text)
    assert (hit.code, hit.kind) == ("J03", "forbidden")
    assert text[hit.start:hit.end] == hit.matched == "下班了啊，明天再来"


def test_offsets_survive_folding_and_deletion():
    flat, offsets = normalise_with_offsets("Ａ，下 班")
    assert flat == "a下班" == normalise("Ａ，下 班")
    assert offsets == [0, 2, 4]


def test_polite_phrases_only_when_asked(matcher):
    text = "您好，请问您要办什么业务？请稍等。"
    assert codes(matcher, text) == []
    assert codes(matcher, text, ("forbidden", "polite")) == ["W01", "W02"]


def test_of_two_overlapping_phrases_the_longer_stays(matcher):
    # J10 (你能把我怎么样) lies inside J09's wording: one hit, the whole sentence.
    assert codes(matcher, "我的态度就这样，你能把我怎么样") == ["J09"]
    assert codes(matcher, "你能把我怎么样") == ["J10"]


def test_gap_between_anchors_is_bounded():
    m = Matcher([Phrase.of(code="X", kind="forbidden", text="甲乙", slots=[["甲"], ["乙"]])])
    assert [h.code for h in m.scan("甲一二三四乙")] == ["X"]
    assert m.scan("甲一二三四五乙") == []
    assert m.scan("乙甲") == []  # order matters


def test_an_optional_slot_is_not_needed():
    m = Matcher([Phrase.of(code="X", kind="forbidden", text="甲你乙", slots=[["甲"], ["", "你"], ["乙"]])])
    assert [h.code for h in m.scan("甲乙")] == ["X"]
    assert [h.code for h in m.scan("甲你乙")] == ["X"]
