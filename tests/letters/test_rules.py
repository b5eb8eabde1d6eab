"""The letter's rules as tables: the 发文字号, dates as GB/T 9704 writes them, the body's structure levels, the
附件说明 and 抄送 lines, the title's lines, and the default 发文机关代字."""

import datetime as dt

import pytest

from xiaoneng.letters import layout, rules


@pytest.mark.parametrize("prefix, kind, year, serial, expected", [
    ("锦政服", "notice", 2026, 3, "锦政服函〔2026〕3号"),
    ("锦政服", "urge", 2026, 1, "锦政服督函〔2026〕1号"),
    ("锦政服", "reminder", 2025, 12, "锦政服催〔2025〕12号"),
    ("锦政服", "bulletin", 2026, 105, "锦政服通〔2026〕105号"),
    ("锦政服", "notice", 2026, 7, "锦政服函〔2026〕7号"),  # 1 is not written 01 (7.2.5)
])
def test_the_number_has_the_year_in_hexagonal_brackets_and_no_padding(prefix, kind, year, serial, expected):
    assert rules.letter_number(prefix, kind, year, serial) == expected


@pytest.mark.parametrize("day, text", [
    (dt.date(2026, 1, 4), "2026年1月4日"),  # the first working day after the 2026 New Year holiday
    (dt.date(2025, 10, 11), "2025年10月11日"),  # a make-up working Saturday after 国庆
    (dt.date(2026, 2, 14), "2026年2月14日"),  # a make-up working Saturday before 春节
    (dt.date(2026, 12, 31), "2026年12月31日"),
])
def test_dates_are_written_in_full_without_leading_zeros(day, text):
    assert rules.cn_date(day) == text


@pytest.mark.parametrize("name, prefix", [
    ("锦城新区政务服务中心", "锦政服"), ("锦城新区公共资源交易中心", "锦城新"), ("", "政服"),
])
def test_default_prefix(name, prefix):
    assert rules.default_prefix(name) == prefix


@pytest.mark.parametrize("paragraph, split", [
    ("一、存在的问题。窗口离岗。", (1, "一、存在的问题。", "窗口离岗。")),
    ("十二、其他事项", (1, "十二、其他事项", "")),
    ("（三）整改要求。按期报送。", (2, "（三）整改要求。", "按期报送。")),
    ("1.按时上岗。", (0, "", "1.按时上岗。")),
    ("现将有关情况提示如下。", (0, "", "现将有关情况提示如下。")),
])
def test_structure_levels(paragraph, split):
    assert rules.heading_split(paragraph) == split


@pytest.mark.parametrize("names, lines", [
    (["窗口巡查问题清单。"], ["窗口巡查问题清单"]),
    (["问题清单", "整改报告模板"], ["1.问题清单", "2.整改报告模板"]),
    ([], []),
])
def test_attachment_lines_number_several_and_drop_trailing_punctuation(names, lines):
    assert rules.attachment_lines(names) == lines


def test_copy_line_ends_with_a_full_stop_and_the_addressee_with_a_colon():
    assert rules.copy_line(["中心主任，", "中心纪检组"]) == "中心主任、中心纪检组。"
    assert rules.copy_line([]) == ""
    assert rules.addressee("不动产登记科") == "不动产登记科：" == rules.addressee("不动产登记科:")


@pytest.mark.parametrize("title, lines", [
    ("关于加强窗口服务的提示函", ("关于加强窗口服务的提示函",)),
    ("关于不动产登记科窗口服务不规范问题的提示函", ("关于不动产登记科", "窗口服务不规范问题的提示函")),
    ("关于进一步加强和改进全区政务服务大厅窗口工作人员服务规范和工作纪律的通报",
     ("关于进一步加强和改进全区政务服务大厅窗口", "工作人员服务规范和工作纪律的通报")),
])
def test_a_long_title_breaks_into_lines_without_cutting_a_word(title, lines):
    found = layout.title_lines(title)
    assert found == lines and "".join(found) == title
    assert all(len(line) <= layout.TITLE_CHARS for line in found)


def test_the_page_measures_are_those_of_the_standard():
    assert (layout.RIGHT, layout.BOTTOM) == (26.0, 35.0)
    assert layout.LINE_MM == pytest.approx(10.227, abs=0.001)
    # 28 characters of 16 pt, 0.21 pt closer each, fill the 156 mm text block.
    assert 28 * (16 + layout.BODY_TRACKING_PT) * 25.4 / 72 == pytest.approx(156.0)


@pytest.mark.parametrize("lines, problem", [
    ([], "正文不能为空"),
    (["甲" * 2001], "正文第 1 段不能超过 2000 个字符"),
    (["好"] * 61, "正文最多 60 段"),
])
def test_body_problems(lines, problem):
    assert rules.paragraphs_problem(lines) == problem


@pytest.mark.parametrize("link, ok", [("/inspections/findings/3", True), ("", True), ("https://evil.example/x", False),
                                      ("//evil.example", False), ("/a\\b", False)])
def test_source_links_stay_inside_the_platform(link, ok):
    assert (rules.source_link_problem(link) is None) is ok
