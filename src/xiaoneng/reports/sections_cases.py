"""The report's sections on cases (总体运行情况) and ratings (满意度分析), from figures_cases and figures_ratings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.ratings import rules as rating_rules
from xiaoneng.reports import figures_cases as fc
from xiaoneng.reports import figures_ratings as fr
from xiaoneng.reports import comparison, rules
from xiaoneng.reports.rules import Metric, pct
from xiaoneng.reports.shapes import Chart, Column, Section, Table

INT, PCT = "int", "percent"


def _three(p: rules.Period):
    return p, rules.previous(p), rules.year_ago(p)


def _trend_range(p: rules.Period) -> tuple[list[rules.Period], object, object]:
    months = rules.months_of(p)
    return months, months[0].start, months[-1].end


def build_cases(session: Session, center_id: int, period: rules.Period) -> Section:
    prev = rules.previous(period)
    departments = fc.by_department(session, center_id=center_id, start=period.start, end=period.end)
    departments_before = fc.by_department(session, center_id=center_id, start=prev.start, end=prev.end)
    now, before = fc.total_of(departments), fc.total_of(departments_before)
    ago = fc.totals(session, center_id=center_id, start=rules.year_ago(period).start, end=rules.year_ago(period).end)
    overdue = fc.open_overdue(session, center_id=center_id, ends=[x.end for x in _three(period)])
    metrics = [
        Metric("办件量", now.received, before.received, ago.received),
        Metric("网办量", now.online, before.online, ago.online),
        Metric("网办率", now.online_share, before.online_share, ago.online_share, PCT),
        Metric("延时服务办件量", now.extended, before.extended, ago.extended),
        Metric("办结量", now.completed, before.completed, ago.completed),
        Metric("按时办结率", now.on_time_rate, before.on_time_rate, ago.on_time_rate, PCT),
        Metric("超期办结件数", now.late, before.late, ago.late),
        Metric("期末在办超期件数", overdue[0], overdue[1], overdue[2]),
    ]
    metrics = comparison.blank(session, center_id, period, metrics)
    previous = {n.name: n.counts for n in departments_before}
    columns = [Column("部门", width=22), Column("办件量", INT), Column("网办量", INT), Column("网办率", PCT),
               Column("延时服务办件量", INT), Column("办结量", INT), Column("超期办结", INT), Column("按时办结率", PCT),
               Column("办件量环比" if period.kind == rules.MONTH else "办件量较上年", "text")]
    covered = comparison.previous_covered(session, center_id, period)
    none = fc.CaseCounts()
    rows = [[n.name, n.counts.received, n.counts.online, n.counts.online_share, n.counts.extended, n.counts.completed,
             n.counts.late, n.counts.on_time_rate,
             Metric("", n.counts.received, None, None).change(
                 previous.get(n.name, none).received if covered else None)]
            for n in departments]
    windows = fc.by_window(session, center_id=center_id, start=period.start, end=period.end)
    items = fc.by_item(session, center_id=center_id, start=period.start, end=period.end)
    item_columns = [Column("事项", width=36), Column("办件量", INT), Column("网办量", INT), Column("办结量", INT),
                    Column("按时办结率", PCT)]
    months, first, last = _trend_range(period)
    volume = fc.monthly_volume(session, center_id=center_id, start=first, end=last)
    completion = fc.monthly_completion(session, center_id=center_id, start=first, end=last)
    labels = [f"{m.start.month}月" if period.kind == rules.YEAR else f"{m.start:%y}.{m.start.month}" for m in months]
    sentences = [rules.metric_sentence(metrics[0], unit=" 件"),
                 f"其中网办 {now.online:,} 件，网办率 {pct(now.online_share)}；延时服务办件 {now.extended:,} 件。",
                 rules.metric_sentence(metrics[5])]
    if departments:
        top = departments[0]
        sentences.append(f"办件量最多的部门是{top.name}（{top.counts.received:,} 件，占 "
                         f"{pct(rules.rate(top.counts.received, now.received))}）。")
    units = [rules.UnitRate(n.name, n.counts.late, n.counts.completed, previous.get(n.name, none).late,
                            previous.get(n.name, none).completed) for n in departments]
    worst = rules.biggest_rise(units, min_base=20) if covered else None
    if worst is not None:
        sentences.append(rules.rate_rise_sentence("超期办结占比", worst, []))
    if overdue[0]:
        sentences.append(f"截至期末仍有 {overdue[0]:,} 件在办件已超过办理时限，应督促办结。")
    return Section(
        key="cases", title="总体运行情况", sentences=sentences, metrics=metrics,
        tables=[Table("部门办件", "各部门办件情况", columns, rows),
                Table("窗口办件", "窗口办件量（前 30 个窗口）", [Column("窗口", width=30), Column("办件量", INT),
                                                            Column("延时服务办件量", INT), Column("办结量", INT),
                                                            Column("按时办结率", PCT)],
                      [[w.name, w.counts.received, w.counts.extended, w.counts.completed, w.counts.on_time_rate]
                       for w in windows]),
                Table("事项办件", "办件量前 20 的事项",
                      item_columns, [[i.name, i.counts.received, i.counts.online, i.counts.completed,
                                      i.counts.on_time_rate] for i in items],
                      note=rules.EXTENDED_DEFINITION)],
        charts=[Chart("cases_trend", "月度办件量与网办量", "line", labels,
                      [("办件量", [volume.get(m.key, (0, 0))[0] for m in months]),
                       ("网办量", [volume.get(m.key, (0, 0))[1] for m in months])], unit="件"),
                Chart("cases_departments", "各部门办件量", "barh", [n.name for n in departments[:15]],
                      [("办件量", [n.counts.received for n in departments[:15]]),
                       ("延时服务", [n.counts.extended for n in departments[:15]])], unit="件"),
                Chart("cases_on_time", "月度按时办结率", "line", labels,
                      [("按时办结率", [rules.rate(completion.get(m.key, (0, 0))[0] - completion.get(m.key, (0, 0))[1],
                                             completion.get(m.key, (0, 0))[0]) for m in months])], percent=True)],
    )


def _rating_row(u: fr.Unit, before: fr.RatingCounts | None) -> list:
    c = u.counts
    change = Metric("", c.bad_rate, None, None, PCT).change(before.bad_rate if before else None)
    return [u.name, c.total, c.defaults, c.given, c.bad, c.satisfaction, c.satisfaction_given, c.bad_rate, change]


def build_ratings(session: Session, center_id: int, period: rules.Period) -> Section:
    prev = rules.previous(period)
    units = fr.by_department(session, center_id=center_id, start=period.start, end=period.end)
    units_before = {u.id: u.counts for u in fr.by_department(session, center_id=center_id, start=prev.start,
                                                              end=prev.end)}
    now, before = fr.total_of(u.counts for u in units), fr.total_of(units_before.values())
    ago = fr.totals(session, center_id=center_id, start=rules.year_ago(period).start, end=rules.year_ago(period).end)
    metrics = [
        Metric("评价数（含默认好评）", now.total, before.total, ago.total),
        Metric("主动评价数（不含默认好评）", now.given, before.given, ago.given),
        Metric("默认好评数", now.defaults, before.defaults, ago.defaults),
        Metric("差评数", now.bad, before.bad, ago.bad),
        Metric("满意率（含默认好评）", now.satisfaction, before.satisfaction, ago.satisfaction, PCT),
        Metric("满意率（不含默认好评）", now.satisfaction_given, before.satisfaction_given, ago.satisfaction_given, PCT),
        Metric("差评率（不含默认好评）", now.bad_rate_given, before.bad_rate_given, ago.bad_rate_given, PCT),
    ]
    metrics = comparison.blank(session, center_id, period, metrics)
    covered = comparison.previous_covered(session, center_id, period)
    # 部门评价: the month's ratings by the day given, the default 满意 inside 评价数.
    department_sheet = Table("部门评价", "各部门评价数（按评价日期，评价数含默认好评）",
                             [Column("部门", width=22), Column("评价数", INT), Column("默认好评数", INT),
                              Column("差评数", INT)],
                             [[u.name, u.counts.total, u.counts.defaults, u.counts.bad] for u in units])
    satisfaction = Table("部门满意度", "各部门满意度（含与不含默认好评）",
                         [Column("部门", width=22), Column("评价数", INT), Column("默认好评数", INT),
                          Column("主动评价数", INT), Column("差评数", INT), Column("满意率（含默认）", PCT),
                          Column("满意率（不含默认）", PCT), Column("差评率", PCT),
                          Column("差评率环比" if period.kind == rules.MONTH else "差评率较上年")],
                         [_rating_row(u, units_before.get(u.id, fr.RatingCounts()) if covered else None)
                          for u in units])
    channels = fr.by_channel(session, center_id=center_id, start=period.start, end=period.end)
    channel_rows = [[rating_rules.CHANNEL_LABELS.get(rating_rules.Channel(k), k), c.total, c.bad, c.satisfaction]
                    for k, c in sorted(channels.items(), key=lambda kv: -kv[1].total)]
    staff = [s for s in fr.by_staff(session, center_id=center_id, start=period.start, end=period.end)]
    staff.sort(key=lambda s: (-s.counts.bad, s.counts.satisfaction_given or 0, s.name))
    options = fr.bad_options(session, center_id=center_id, start=period.start, end=period.end)
    months, first, last = _trend_range(period)
    trend = fr.monthly(session, center_id=center_id, start=first, end=last)
    labels = [f"{m.start.month}月" if period.kind == rules.YEAR else f"{m.start:%y}.{m.start.month}" for m in months]
    empty = fr.RatingCounts()

    rates = [rules.UnitRate(u.name, u.counts.bad_given, u.counts.given, units_before.get(u.id, empty).bad_given,
                            units_before.get(u.id, empty).given) for u in units]
    sentences = [rules.metric_sentence(metrics[0], unit=" 条"),
                 f"满意率含默认好评为 {pct(now.satisfaction)}，不含默认好评为 {pct(now.satisfaction_given)}；"
                 f"默认好评 {now.defaults:,} 条，占 {pct(rules.rate(now.defaults, now.total))}。",
                 rules.metric_sentence(metrics[6])]
    rise = rules.biggest_rise(rates) if covered else None
    if rise is not None:
        unit = next(u for u in units if u.name == rise.name)
        found = fr.drivers(session, center_id=center_id, now=period, before=prev, department_id=unit.id)
        sentences.append(rules.rate_rise_sentence("差评率", rise, found))
    fall = rules.biggest_fall(rates) if covered else None
    if fall is not None:
        sentences.append(rules.rate_fall_sentence("差评率", fall))
    ranked = rules.ranked_sentence("不含默认好评的满意率", [(u.name, u.counts.satisfaction_given) for u in units
                                                     if u.counts.given >= rules.MIN_BASE], best_high=True)
    if ranked:
        sentences.append(ranked)
    if options:
        top = "、".join(f"{i}·{o}（{n} 条）" for i, o, n in options[:3])
        sentences.append(f"差评涉及最多的评价指标是{top}。")
    top_units = [u for u in units if u.counts.total][:15]
    return Section(
        key="ratings", title="满意度分析", sentences=sentences, metrics=metrics,
        tables=[department_sheet, satisfaction,
                Table("渠道评价", "各评价渠道", [Column("渠道", width=16), Column("评价数", INT), Column("差评数", INT),
                                                Column("满意率", PCT)], channel_rows),
                Table("人员评价", "窗口人员评价（差评多者在前，前 30 名）",
                      [Column("人员", width=28), Column("评价数", INT), Column("默认好评数", INT), Column("差评数", INT),
                       Column("满意率（不含默认）", PCT)],
                      [[s.name, s.counts.total, s.counts.defaults, s.counts.bad, s.counts.satisfaction_given]
                       for s in staff[:30]]),
                Table("差评指标", "差评所选评价指标（维度）", [Column("评价指标", width=16), Column("选项", width=24),
                                                       Column("差评数", INT)], [list(o) for o in options])],
        charts=[Chart("ratings_trend", "月度满意率（含与不含默认好评）", "line", labels,
                      [("含默认好评", [trend.get(m.key, empty).satisfaction for m in months]),
                       ("不含默认好评", [trend.get(m.key, empty).satisfaction_given for m in months])], percent=True),
                Chart("ratings_bad_rate", "各部门差评率（不含默认好评）", "barh", [u.name for u in top_units],
                      [("本期", [u.counts.bad_rate_given for u in top_units]),
                       ("上期", [units_before.get(u.id, empty).bad_rate_given for u in top_units])], percent=True)],
    )
