from xiaoneng.analysis.comments import tag_comment
from xiaoneng.analysis.marking import comment_spans, marked


def test_spans_are_marked_with_their_tag_and_the_rest_escaped():
    text = "<b>态度</b>很差，等了两个小时"
    html = marked(text, [(12, 18, "服务效率·负面"), (3, 5, "服务态度")])
    assert html == ('&lt;b&gt;<mark title="服务态度">态度</mark>&lt;/b&gt;很差，'
                    '<mark title="服务效率·负面">等了两个小时</mark>')


def test_overlapping_or_outside_spans_do_not_break_the_text():
    assert marked("abcdef", [(1, 4, "x"), (2, 5, "y"), (10, 12, "z")]) == 'a<mark title="x">bcd</mark><mark title="y">e</mark>f'
    assert marked("", []) == ""


def test_a_comments_tags_become_titled_spans():
    text = "窗口人员一直玩手机，请尽快处理"
    spans = comment_spans(tag_comment(text))
    assert (6, 9, "服务规范·负面") in spans and (10, 13, "需要回应") in spans
    assert "<mark" in marked(text, spans)
