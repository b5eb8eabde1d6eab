"""The notice parser reads the published 2025 and 2026 notices exactly as chinesecalendar has them."""

import datetime as dt

import chinese_calendar
import pytest

from tests.calendar.notices import NOTICE_2025, NOTICE_2026, NOTICE_2027
from xiaoneng.calendar.notice import parse_notice
from xiaoneng.errors import ValidationFailed

D = dt.date


@pytest.mark.parametrize("text, year", [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_parse_equals_library(text, year):
    preview = parse_notice(text)
    assert preview.year == year
    assert set(preview.rest_days) == {d for d in chinese_calendar.holidays if d.year == year}
    assert set(preview.workdays) == {d for d in chinese_calendar.workdays if d.year == year}
    assert preview.warnings == []
    assert all(h.total_matches for h in preview.holidays)


def test_2025_sections():
    preview = parse_notice(NOTICE_2025)
    names = [h.name for h in preview.holidays]
    assert names == ["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]
    new_year = preview.holidays[0]
    assert new_year.rest_days == [D(2025, 1, 1)] and new_year.no_swap and new_year.stated_total == 1


def test_single_line_with_year_parameter():
    preview = parse_notice("春节：2月15日（农历腊月二十八）至23日（农历正月初七）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。", 2026)
    [spring] = preview.holidays
    assert spring.rest_days[0] == D(2026, 2, 15) and spring.rest_days[-1] == D(2026, 2, 23)
    assert spring.workdays == [D(2026, 2, 14), D(2026, 2, 28)]
    assert spring.stated_total == 9 and spring.total_matches


def test_half_width_punctuation_and_cross_month():
    preview = parse_notice("端午节:5月31日(周六)至6月2日(周一)放假,共3天.", 2025)
    assert preview.holidays[0].rest_days == [D(2025, 5, 31), D(2025, 6, 1), D(2025, 6, 2)]


def test_new_year_crossing_years():
    text = ("国务院办公厅关于2019年部分节假日安排的通知\n"
            "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。")
    [h] = parse_notice(text).holidays
    assert h.rest_days == [D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)]
    assert h.workdays == [D(2018, 12, 29)]


def test_new_year_crossing_years_without_explicit_year():
    [h] = parse_notice("元旦：12月30日至1月1日放假调休，共3天。12月29日（周六）上班。", 2019).holidays
    assert h.rest_days == [D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)]
    assert h.workdays == [D(2018, 12, 29)]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("春节：2月15日至23日放假调休，共8天。", "共8天"),
        ("劳动节：5月1日至5日放假调休，共5天。5月6日（周三）上班。", "不是周末"),
        ("元旦：1月1日（周五）放假1天，不调休。", "实际是周四"),
        ("元旦：1月1日放假1天，不调休。1月4日（周日）上班。", "不调休"),
    ],
)
def test_warnings(text, fragment):
    preview = parse_notice(text, 2026)
    assert any(fragment in w for w in preview.warnings), preview.warnings


def test_missing_statutory_day_is_warned():
    preview = parse_notice("春节：2月15日至23日放假调休，共9天。", 2026)
    assert any("国庆节" in w for w in preview.warnings)


@pytest.mark.parametrize(
    "text, year, field",
    [
        ("", 2026, "text"),
        ("春节：2月15日至23日放假", None, "year"),
        ("这里没有任何安排。", 2026, "text"),
        ("国务院办公厅关于2026年部分节假日安排的通知 春节：2月15日至23日放假", 2027, "year"),
        ("春节：2月15日至23日放假调休。2月16日（周一）上班。", 2026, "text"),
        ("春节：2月30日至3月2日放假。", 2026, "text"),
    ],
)
def test_bad_text_is_refused(text, year, field):
    with pytest.raises(ValidationFailed) as info:
        parse_notice(text, year)
    assert info.value.field == field


def test_made_up_2027_notice_parses_cleanly():
    preview = parse_notice(NOTICE_2027)
    assert preview.year == 2027 and preview.warnings == []
    assert len(preview.rest_days) == 3 + 9 + 3 + 5 + 1 + 1 + 7
