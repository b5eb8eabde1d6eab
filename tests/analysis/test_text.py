import pytest

from xiaoneng.analysis.text import fold, is_segmented, segment, stopwords


def test_raw_text_is_segmented_by_jieba_with_offsets_into_the_text():
    text = "Ａ市西湖区的路灯坏了，请尽快修理！"
    doc = segment(text)
    assert "路灯" in doc.words and "修理" in doc.words
    for word, start, end in zip(doc.words, doc.starts, doc.ends):
        assert fold(text[start:end]) == word  # folded, never shifted
    i = doc.words.index("路灯")
    assert text[doc.starts[i]:doc.ends[i]] == "路灯"
    assert "的" not in doc.words and "请" not in doc.words  # stop words
    assert "，" not in doc.words and "！" not in doc.words  # punctuation


def test_full_width_letters_are_folded_but_offsets_still_point_at_them():
    doc = segment("Ａ３区")
    assert doc.words[0].startswith("a")
    assert doc.starts[0] == 0


@pytest.mark.parametrize("text, segmented", [
    ("市 西湖 建筑 集团 占 道 施工 安全隐患", True),
    ("A市西湖建筑集团占道施工有安全隐患", False),
    ("小区 停车难，请有关部门处理一下这个问题", False),  # one stray space is not a segmented text
    ("", False),
])
def test_a_pre_segmented_text_is_recognised(text, segmented):
    assert is_segmented(text) is segmented


def test_a_pre_segmented_text_keeps_its_words_and_loses_lone_letters():
    text = "市 西湖 建筑 集团 A 占 道 施工"
    doc = segment(text)
    assert doc.words == ("市", "西湖", "建筑", "集团", "占", "道", "施工")
    assert text[doc.starts[1]:doc.ends[1]] == "西湖"


def test_sentiment_keeps_the_words_that_turn_a_comment_round():
    doc = segment("服务不好，我很不满意", drop_stopwords=False)
    assert "不" in doc.words or "不好" in doc.words
    assert "很" in doc.words


def test_jieba_rs_cuts_raw_text_into_the_words_of_jiebas_own_dictionary():
    # The same words jieba's Python segmentation gives (HMM off), which the models were trained and tuned on.
    import jieba

    text = "我们小区的物业不作为，电梯坏了一个月都没人修，希望有关部门尽快督促整改"
    tokenizer = jieba.Tokenizer()
    expected = [w for w in tokenizer.lcut(text, HMM=False) if w not in stopwords() and w not in "，"]
    assert list(segment(text).words) == expected
