"""Warnings in words: the figures and the drivers as sentences drawn from the numbers."""

from xiaoneng.insights import wording


def test_figures_sentence_for_a_rate_and_a_count():
    rate = wording.figures_sentence(measure="bad_rate", unit="部门“不动产登记科”", period="2026年10月", current=15,
                                    current_total=60, baseline=18, baseline_total=360, current_days=31,
                                    baseline_days=183, expected=3.0)
    assert rate == ("部门“不动产登记科”2026年10月主动评价60件中差评15件，差评率25.0%；此前183天主动评价360件中差评18件"
                    "（5.0%），按此应有约3.0件，多出12.0件。")
    count = wording.figures_sentence(measure="complaints", unit="部门“市场监管科”", period="2026年10月", current=13,
                                     current_total=0, baseline=12, baseline_total=0, current_days=31,
                                     baseline_days=183, expected=2.03)
    assert "收到投诉13件，日均0.42件" in count and "多出11.0件" in count


def test_driver_sentence_names_the_top_part_of_each_dimension_but_not_the_type():
    drivers = {"kind": [{"name": "投诉", "excess": 11.0, "share": 1.0}],
               "topic": [{"name": "系统与网办", "excess": 11.0, "share": 1.0},
                         {"name": "服务态度", "excess": 0.5, "share": 0.05}],
               "window": [{"name": "2号窗口", "excess": 2.0, "share": 0.18}]}
    sentence = wording.driver_sentence("部门“市场监管科”", drivers, 0.0, 11.0)
    assert sentence == "上升主要来自投诉主题“系统与网办”（多出11.0件，占100.0%）、窗口“2号窗口”（多出2.0件，占18.0%）。"
    assert wording.driver_sentence("x", {}, 0.0, 1.0) == "x的上升分散在各方面，没有集中的来源。"
    assert "结构变化" in wording.driver_sentence("x", drivers, 3.2, 11.0)


def test_period_text():
    import datetime as dt

    assert wording.period_text(dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == "2026年10月"
    assert wording.period_text(dt.date(2026, 10, 5), dt.date(2026, 11, 4)) == "2026年10月5日至2026年11月4日"
