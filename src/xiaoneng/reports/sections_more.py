"""The report's sections on the bad-review loop, complaints, inspections, attendance and duty-system breaches."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.kit import clock
from xiaoneng.reports import figures_other as fo
from xiaoneng.reports import comparison, rules
from xiaoneng.reports.rules import Metric, pct
from xiaoneng.reports.shapes import Chart, Column, Section, Table

INT, PCT = "int", "percent"


def _three(p: rules.Period):
    return p, rules.previous(p), rules.year_ago(p)


def build_loop(session: Session, center_id: int, period: rules.Period) -> Section:
    now, before, ago = (fo.loop_totals(session, center_id=center_id, start=x.start, end=x.end) for x in _three(period))
    rates = [fo.callback_rate(session, center_id=center_id, start=x.start, end=x.end).all_reviews.rate
             for x in _three(period)]
    done = [rules.rate(x.finished, x.received) for x in (now, before, ago)]
    metrics = [Metric("差评整改件数", now.received, before.received, ago.received),
               Metric("整改办结率", done[0], done[1], done[2], PCT),
               Metric("实名差评回访率", rates[0], rates[1], rates[2], PCT),
               Metric("超时升级件数", now.escalated, before.escalated, ago.escalated),
               Metric("申诉件数", now.appealed, before.appealed, ago.appealed),
               Metric("申诉成立（不计入）件数", now.excluded, before.excluded, ago.excluded)]
    metrics = comparison.blank(session, center_id, period, metrics)
    departments = fo.loop_by_department(session, center_id=center_id, start=period.start, end=period.end)
    sentences = [f"本期收到差评 {now.received:,} 条，已完成整改闭环 {now.finished:,} 条（{pct(done[0])}）；"
                 f"实名差评回访率 {pct(rates[0])}。"]
    if rates[0] is not None and rates[0] < 1:
        sentences.append("实名差评应 100% 回访（整改回访率未达要求），尚未回访的差评须在时限内完成。")
    if now.escalated:
        worst = max(departments, key=lambda r: (r[1].escalated, r[0]))
        sentences.append(f"超过整改时限被升级督办的差评 {now.escalated:,} 条，最多的是{worst[0]}（{worst[1].escalated} 条）。")
    return Section(
        key="loop", title="差评整改情况", sentences=sentences, metrics=metrics,
        tables=[Table("差评整改", "各部门差评整改", [Column("部门", width=22), Column("差评数", INT),
                                                  Column("已闭环", INT), Column("闭环率", PCT), Column("实名差评", INT),
                                                  Column("超时升级", INT), Column("申诉", INT)],
                      [[name, c.received, c.finished, rules.rate(c.finished, c.received), c.real_name, c.escalated,
                        c.appealed] for name, c in departments])],
        charts=[Chart("loop_departments", "各部门差评与闭环", "barh", [n for n, _ in departments[:15]],
                      [("差评数", [c.received for _, c in departments[:15]]),
                       ("已闭环", [c.finished for _, c in departments[:15]])], unit="条")],
    )


def build_complaints(session: Session, center_id: int, period: rules.Period) -> Section:
    now, before, ago = (fo.complaint_totals(session, center_id=center_id, start=x.start, end=x.end)
                        for x in _three(period))
    metrics = [Metric("投诉及诉求件数", now.received, before.received, ago.received),
               Metric("按时答复率", now.on_time_rate, before.on_time_rate, ago.on_time_rate, PCT),
               Metric("回访满意率", now.satisfaction, before.satisfaction, ago.satisfaction, PCT),
               Metric("已办结件数", now.closed, before.closed, ago.closed)]
    metrics = comparison.blank(session, center_id, period, metrics)
    args = dict(session=session, center_id=center_id, start=period.start, end=period.end)
    kinds, channels = fo.complaints_labelled(**args, by="kind"), fo.complaints_labelled(**args, by="channel")
    departments, topics = fo.complaints_labelled(**args, by="department"), fo.complaints_labelled(**args, by="topic")
    columns = lambda first: [Column(first, width=20), Column("件数", INT), Column("已答复", INT),  # noqa: E731
                             Column("按时答复率", PCT), Column("回访满意率", PCT)]
    row = lambda name, c: [name, c.received, c.answered, c.on_time_rate, c.satisfaction]  # noqa: E731
    sentences = [rules.metric_sentence(metrics[0], unit=" 件")]
    if kinds:
        sentences.append("按类型：" + "、".join(f"{k} {c.received} 件" for k, c in kinds) + "。")
    if topics:
        sentences.append("反映较多的问题是" + "、".join(f"{t}（{c.received} 件）" for t, c in topics[:3]) + "。")
    if now.answered:
        sentences.append(f"已答复 {now.answered:,} 件，按时答复率 {pct(now.on_time_rate)}；"
                         f"回访 {now.asked:,} 件，满意率 {pct(now.satisfaction)}。")
    return Section(
        key="complaints", title="投诉处理情况", sentences=sentences, metrics=metrics,
        tables=[Table("投诉类型", "投诉及诉求按类型", columns("类型"), [row(n, c) for n, c in kinds]),
                Table("投诉渠道", "投诉及诉求按渠道", columns("渠道"), [row(n, c) for n, c in channels]),
                Table("投诉承办单位", "投诉及诉求按承办单位", columns("承办单位"), [row(n, c) for n, c in departments]),
                Table("投诉问题", "投诉及诉求按问题类别", columns("问题类别"), [row(n, c) for n, c in topics])],
        charts=[Chart("complaints_channels", "投诉及诉求渠道", "bar", [n for n, _ in channels],
                      [("件数", [c.received for _, c in channels])], unit="件")],
    )


def build_inspections(session: Session, center_id: int, period: rules.Period) -> Section:
    visits = [fo.visits_by_kind(session, center_id=center_id, start=x.start, end=x.end) for x in _three(period)]
    found = [fo.finding_totals(session, center_id=center_id, start=x.start, end=x.end) for x in _three(period)]
    metrics = [Metric("巡查（含暗访、复查）次数", *(sum(v.values()) for v in visits)),
               Metric("发现问题数", *(f.found for f in found)),
               Metric("问题销号率", *(rules.rate(f.closed, f.found) for f in found), kind=PCT),
               Metric("逾期未整改问题数", *(f.overdue for f in found))]
    metrics = comparison.blank(session, center_id, period, metrics)
    types = fo.findings_by_point_type(session, center_id=center_id, start=period.start, end=period.end)
    departments = fo.findings_by_department(session, center_id=center_id, start=period.start, end=period.end)
    head = lambda first: [Column(first, width=22), Column("发现问题", INT), Column("已销号", INT),  # noqa: E731
                          Column("逾期未整改", INT)]
    sentences = [f"本期巡查 {sum(visits[0].values()):,} 次（" +
                 ("、".join(f"{k} {n} 次" for k, n in sorted(visits[0].items())) or "无") +
                 f"），发现问题 {found[0].found:,} 个，已销号 {found[0].closed:,} 个。"]
    if found[0].overdue:
        sentences.append(f"逾期未整改的问题 {found[0].overdue:,} 个，已列入违规督查。")
    if departments:
        sentences.append("问题较多的单位是" + "、".join(f"{n}（{c.found} 个）" for n, c in departments[:3]) + "。")
    return Section(
        key="inspections", title="巡查情况", sentences=sentences, metrics=metrics,
        tables=[Table("巡查问题点位类型", "巡查问题按点位类型", head("点位类型"),
                      [[t, c.found, c.closed, c.overdue] for t, c in types]),
                Table("巡查问题单位", "巡查问题按责任单位", head("责任单位"),
                      [[n, c.found, c.closed, c.overdue] for n, c in departments])],
        charts=[Chart("inspections_types", "巡查问题按点位类型", "bar", [t for t, _ in types],
                      [("发现问题", [c.found for _, c in types]), ("已销号", [c.closed for _, c in types])],
                      unit="个")],
    )


def build_attendance(session: Session, center_id: int, period: rules.Period) -> Section:
    months = [period] if period.kind == rules.MONTH else rules.months_of(period)
    today = clock.today()
    totals: dict[str, list] = {}
    for month in months:
        if month.start >= today:
            continue
        for d in fo.attendance_departments(session, center_id=center_id, month=month.key, today=today):
            row = totals.setdefault(d.department or "中心领导及其他", [0, 0.0, 0.0, 0, 0, 0, 0])
            row[0] = max(row[0], int(d.name))  # people of the department
            row[1] += d.present_days
            row[2] += d.absent_days
            row[3] += d.late
            row[4] += d.early_leave
            row[5] += d.missing_punches
            row[6] += d.key_time_absences
    rows = [[name, *values] for name, values in sorted(totals.items())]
    late = sum(r[4] for r in rows)
    absent_keys = sum(r[7] for r in rows)
    sentences = [f"本期考勤统计 {sum(r[1] for r in rows)} 人，迟到 {late} 人次，早退 {sum(r[5] for r in rows)} 人次，"
                 f"缺卡 {sum(r[6] for r in rows)} 次，重点时段不在岗 {absent_keys} 次。"]
    worst = max(rows, key=lambda r: (r[7], r[0]), default=None)
    if worst is not None and worst[7]:
        sentences.append(f"重点时段不在岗最多的是{worst[0]}（{worst[7]} 次）。")
    return Section(
        key="attendance", title="考勤情况", sentences=sentences,
        tables=[Table("考勤", "各部门考勤汇总", [Column("部门", width=22), Column("人数", INT), Column("出勤天数", "number"),
                                            Column("缺勤天数", "number"), Column("迟到", INT), Column("早退", INT),
                                            Column("缺卡", INT), Column("重点时段不在岗", INT)], rows)],
    )


def build_breaches(session: Session, center_id: int, period: rules.Period) -> Section:
    prev = rules.previous(period)
    both = fo.breaches(session, center_id=center_id, start=prev.start, end=period.end, split=period.start)
    (kinds, departments), (before, _) = both
    total, total_before = sum(kinds.values()), sum(before.values())
    metrics = [Metric("违反工作制度次数", total, total_before, None)]
    metrics = comparison.blank(session, center_id, period, metrics)
    sentences = [f"本期各项工作制度违规 {total:,} 次" +
                 (f"，{rules.change_words(total, total_before, percent=False, unit=' 次')}"
                  if total_before and metrics[0].previous is not None else "") +
                 "。"]
    if kinds:
        sentences.append("其中" + "、".join(f"{k} {n} 次" for k, n in kinds.most_common(4)) + "。")
    return Section(
        key="breaches", title="工作制度落实情况", sentences=sentences, metrics=metrics,
        tables=[Table("违规类型", "违反工作制度按类型", [Column("类型", width=22), Column("本期", INT), Column("上期", INT)],
                      [[k, n, before.get(k, 0)] for k, n in kinds.most_common()]),
                Table("违规部门", "违反工作制度按部门", [Column("部门", width=22), Column("次数", INT)],
                      [[k, n] for k, n in departments.most_common()])],
        charts=[Chart("breaches_kinds", "违反工作制度按类型", "barh", [k for k, _ in kinds.most_common(10)],
                      [("次数", [n for _, n in kinds.most_common(10)])], unit="次")],
    )
