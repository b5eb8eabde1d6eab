"""How insights read to people: measures, units, parts and states in Chinese, and a warning's figures written out as
sentences drawn from its numbers (pure: no database, no clock)."""

from __future__ import annotations

import datetime as dt

MEASURE_LABELS = {"bad_rate": "差评率", "complaints": "投诉量", "overdue": "逾期率"}
UNIT_LABELS = {"department": "部门", "item": "事项", "window": "窗口", "staff": "工作人员"}
PART_LABELS = {"item": "事项", "window": "窗口", "staff": "工作人员", "channel": "渠道", "topic": "投诉主题",
               "kind": "诉求类型", "dimension": "评价维度"}
STATE_LABELS = {"open": "待处理", "acknowledged": "已确认", "closed": "已关闭"}
SOURCE_LABELS = {"rating": "评价", "complaint": "投诉", "inquiry": "咨询"}
CASE_ORIGIN_LABELS = {"window": "窗口受理", "online": "网上申报"}


def period_text(start: dt.date, end: dt.date) -> str:
    if start.day == 1 and (end + dt.timedelta(days=1)).day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{start.year}年{start.month}月"
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def warning_title(unit_kind: str, unit_name: str, start: dt.date, end: dt.date, measure: str) -> str:
    return f"{UNIT_LABELS[unit_kind]}“{unit_name}”{period_text(start, end)}{MEASURE_LABELS[measure]}显著上升"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def p_text(p: float) -> str:
    return "小于0.0001" if p < 0.0001 else f"{p:.4f}"


def figures_sentence(*, measure: str, unit: str, period: str, current: int, current_total: int, baseline: int,
                     baseline_total: int, current_days: float, baseline_days: float, expected: float) -> str:
    """What rose, by how much, against what: the warning's headline sentence."""
    if measure == "complaints":
        per_day_now = current / current_days if current_days else 0.0
        per_day_before = baseline / baseline_days if baseline_days else 0.0
        return (f"{unit}{period}收到投诉{current}件，日均{per_day_now:.2f}件；此前{baseline_days:.0f}天共{baseline}件，"
                f"日均{per_day_before:.2f}件，按此应有约{expected:.1f}件，多出{current - expected:.1f}件。")
    noun, total_noun = ("差评", "主动评价") if measure == "bad_rate" else ("逾期办件", "到期办件")
    rate_now = current / current_total if current_total else 0.0
    rate_before = baseline / baseline_total if baseline_total else 0.0
    return (f"{unit}{period}{total_noun}{current_total}件中{noun}{current}件，{MEASURE_LABELS[measure]}"
            f"{percent(rate_now)}；此前{baseline_days:.0f}天{total_noun}{baseline_total}件中{noun}{baseline}件"
            f"（{percent(rate_before)}），按此应有约{expected:.1f}件，多出{current - expected:.1f}件。")


def test_sentence(*, measure: str, p: float, q: float, tests: int) -> str:
    how = ("单侧两比例检验" if measure != "complaints" else "两泊松率条件检验（单侧）")
    return (f"按{how}，若与此前水平相同，出现这样或更大的上升的概率为{p_text(p)}；本次共检验{tests}个单位和指标，"
            f"按Benjamini-Hochberg方法控制错误发现率后的q值为{p_text(q)}（不超过0.05即预警）。")


# Dimensions a sentence names: every complaint of a rise is a 投诉, so the type says nothing on its own.
SENTENCE_SKIPS = frozenset({"kind"})


def driver_sentence(unit: str, drivers: dict, mix: float, total_excess: float) -> str:
    """The part that rose most in each dimension, the three largest of those, as one sentence."""
    best = []
    for dimension, rows in drivers.items():
        if dimension in SENTENCE_SKIPS:
            continue
        top = next((row for row in rows if row["excess"] > 0 and row.get("share", 0) > 0), None)
        if top is not None:
            best.append((top["share"], dimension, top))
    best.sort(key=lambda b: -b[0])
    if not best:
        return f"{unit}的上升分散在各方面，没有集中的来源。"
    parts = [f"{PART_LABELS.get(dimension, dimension)}“{row['name']}”（多出{row['excess']:.1f}件，占{percent(share)}）"
             for share, dimension, row in best[:3]]
    sentence = "上升主要来自" + "、".join(parts) + "。"
    if abs(mix) >= 0.5 and total_excess:
        sentence += f"另有{mix:.1f}件来自评价更多落在此前差评率较高的环节（结构变化）。"
    return sentence
