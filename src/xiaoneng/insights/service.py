"""Use cases of insights: computing a period's topics and warnings (the timed job, the command line, a supervisor's
request), reading the stored results within the actor's scope, a warning acknowledged with a note or closed, and
the summaries other pages (reports, dashboards) show as plain figures and sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.insights import repository as repo
from xiaoneng.insights import wording
from xiaoneng.insights.models import AnomalyWarning, HotTopic, InsightRun, WarningState
from xiaoneng.kit import clock, periods
from xiaoneng.kit.edits import actor_center_id
from xiaoneng.kit.scope import Actor, ensure_visible, scoped
from xiaoneng.kit.search import search
from xiaoneng.org.models import Center

NOTE_MAX = 1000


def last_month(today: dt.date) -> tuple[dt.date, dt.date]:
    last = periods.month_first(today) - dt.timedelta(days=1)
    return periods.month_first(last), last


def check_period(start: dt.date | None, end: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    if start is None or end is None:
        raise ValidationFailed("请填写统计期间的起止日期", field="start" if start is None else "end")
    if end < start:
        raise ValidationFailed("结束日期不能早于开始日期", field="end")
    if end >= today:
        raise ValidationFailed("统计期间须在今天之前结束（今天的数据尚不完整）", field="end")
    if (end - start).days > 366:
        raise ValidationFailed("统计期间不能超过一年", field="end")
    return start, end


def compute_period(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> tuple[InsightRun, list]:
    """Cluster the period's texts and test its warnings (long work: a job, the CLI, a sync handler)."""
    from xiaoneng.insights import topics, warnings  # scikit-learn and the analysis: not for every page's import

    actor.require("insights.compute")
    center_id = actor_center_id(actor)
    start, end = check_period(start, end, clock.today())
    now = clock.now()
    run = topics.compute(session, center_id=center_id, start=start, end=end, now=now)
    found = warnings.compute(session, center_id=center_id, start=start, end=end, now=now)
    return run, found


def monthly(session: Session, *, today: dt.date) -> int:
    """Timed job (daily slot): last month's topics and warnings of every active center that has not had them yet, so
    the month is computed on the first day the job runs in it and not again. Returns how many centers it computed."""
    from xiaoneng.insights import topics, warnings

    start, end = last_month(today)
    done = 0
    for center_id in session.scalars(select(Center.id).where(Center.active.is_(True)).order_by(Center.id)):
        now = clock.now()
        if repo.find_run(session, center_id=center_id, kind="topics", start=start, end=end) is None:
            topics.compute(session, center_id=center_id, start=start, end=end, now=now)
            done += 1
        if repo.find_run(session, center_id=center_id, kind="warnings", start=start, end=end) is None:
            warnings.compute(session, center_id=center_id, start=start, end=end, now=now)
    return done


# --- reading ---------------------------------------------------------------------------------------------------------

def topic_runs(session: Session, *, actor: Actor) -> list[InsightRun]:
    actor.require("insights.read")
    return repo.runs(session, center_id=actor_center_id(actor), kind="topics")


def topic_run(session: Session, *, actor: Actor, start: dt.date | None = None,
              end: dt.date | None = None) -> InsightRun | None:
    """The stored run of the period, else (no period given) the latest one."""
    runs = topic_runs(session, actor=actor)
    if start is None:
        return runs[0] if runs else None
    return next((r for r in runs if r.period_start == start and (end is None or r.period_end == end)), None)


def run_topics(session: Session, *, actor: Actor, run: InsightRun) -> list[HotTopic]:
    ensure_visible(run, actor)
    rows = repo.topics_of(session, run.id)
    if actor.department_scoped:
        # A department head sees the topics its department's texts are in, counted for it.
        rows = [t for t in rows if any(d == actor.department_id for d, _ in t.by_department)]
    return rows


@dataclass(frozen=True)
class WarningFilters:
    q: str = ""
    state: str = ""
    measure: str = ""
    unit_kind: str = ""
    department_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "period"
    descending: bool = True


SORTS = {"period": AnomalyWarning.period_start, "q": AnomalyWarning.q_value, "excess": AnomalyWarning.current,
         "unit": AnomalyWarning.unit_name, "state": AnomalyWarning.state}


def _choice(value: str, allowed, label: str, field: str) -> None:
    if value and value not in allowed:
        raise ValidationFailed(f"{label}不正确", field=field)


def warnings_statement(actor: Actor, f: WarningFilters):
    actor.require("insights.read")
    _choice(f.state, wording.STATE_LABELS, "状态", "state")
    _choice(f.measure, wording.MEASURE_LABELS, "指标", "measure")
    _choice(f.unit_kind, wording.UNIT_LABELS, "单位类型", "unit_kind")
    if f.sort not in SORTS:
        raise ValidationFailed("排序字段不正确", field="sort")
    stmt = scoped(select(AnomalyWarning), AnomalyWarning, actor)
    for column, value in ((AnomalyWarning.state, f.state), (AnomalyWarning.measure, f.measure),
                          (AnomalyWarning.unit_kind, f.unit_kind)):
        if value:
            stmt = stmt.where(column == value)
    if f.department_id:
        stmt = stmt.where(AnomalyWarning.department_id == f.department_id)
    if f.start:
        stmt = stmt.where(AnomalyWarning.period_end >= f.start)
    if f.end:
        stmt = stmt.where(AnomalyWarning.period_start <= f.end)
    stmt = search(stmt, f.q, AnomalyWarning.unit_name, AnomalyWarning.note)
    column = SORTS[f.sort]
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, AnomalyWarning.id.desc())


def get_warning(session: Session, *, actor: Actor, warning_id: int) -> AnomalyWarning:
    actor.require("insights.read")
    return ensure_visible(session.get(AnomalyWarning, warning_id), actor)


TRANSITIONS = {"acknowledge": ({WarningState.OPEN}, WarningState.ACKNOWLEDGED, "insights.acknowledge"),
               "close": ({WarningState.OPEN, WarningState.ACKNOWLEDGED}, WarningState.CLOSED, "insights.close")}


def act(session: Session, *, actor: Actor, warning_id: int, action: str, note: str) -> AnomalyWarning:
    """确认 (acknowledged with what is being done) or 关闭 (closed with its conclusion): a note is required."""
    actor.require("insights.act")
    warning = get_warning(session, actor=actor, warning_id=warning_id)
    if action not in TRANSITIONS:
        raise ValidationFailed("操作不正确", field="action")
    allowed, target, audit_action = TRANSITIONS[action]
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请填写说明（已采取或将采取的措施、核实结论）", field="note")
    if len(note) > NOTE_MAX:
        raise ValidationFailed(f"说明不能超过 {NOTE_MAX} 字", field="note")
    if warning.state not in allowed:
        raise Conflict(f"该预警{wording.STATE_LABELS[warning.state]}，不能再{'确认' if action == 'acknowledge' else '关闭'}",
                       field="action")
    before = warning.state
    now = clock.now()
    warning.state, warning.note, warning.acted_by_id = target, note, actor.user_id
    if target == WarningState.ACKNOWLEDGED:
        warning.acknowledged_at = now
    else:
        warning.closed_at = now
    audit.record(session, actor=actor, action=audit_action, entity="anomaly_warning", entity_id=warning.id,
                 center_id=warning.center_id, detail={"state": [before, str(target)], "note": note})
    return warning


# --- summaries for other pages ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TopicLine:
    name: str
    heat: float
    volume: int
    previous_volume: int
    emerging: bool
    forecast_mean: float
    forecast_low: float
    forecast_high: float
    link: str


@dataclass(frozen=True)
class HotTopicsSummary:
    period: str
    texts: int
    topics: list[TopicLine]
    sentences: list[str]


def hot_topics_summary(session: Session, *, center_id: int, start: dt.date, end: dt.date,
                       limit: int = 5) -> HotTopicsSummary | None:
    """The stored topics of the period as figures and sentences; None when the period has not been computed."""
    run = repo.find_run(session, center_id=center_id, kind="topics", start=start, end=end)
    if run is None:
        return None
    rows = repo.topics_of(session, run.id)
    lines = [TopicLine(t.name, t.heat, t.volume, t.previous_volume, t.emerging, t.forecast.get("mean", 0.0),
                       t.forecast.get("low", 0.0), t.forecast.get("high", 0.0),
                       f"/insights/topics?start={start.isoformat()}&end={end.isoformat()}#topic-{t.rank}")
             for t in rows[:limit]]
    period = wording.period_text(start, end)
    sentences = []
    if lines:
        top = lines[0]
        sentences.append(f"{period}共分析评价、投诉和咨询文本{run.texts}条，热度最高的话题是“{top.name}”"
                         f"（{top.volume}条，热度{top.heat:.1f}）。")
    emerging = [t for t in rows if t.emerging]
    if emerging:
        sentences.append("新出现或明显增多的话题：" + "、".join(
            f"“{t.name}”（{t.previous_volume}条增至{t.volume}条）" for t in emerging[:3]) + "。")
    for line in lines[:3]:
        sentences.append(f"预计下一期“{line.name}”约{line.forecast_mean:.0f}条（80%区间{line.forecast_low:.0f}"
                         f"—{line.forecast_high:.0f}条）。")
    return HotTopicsSummary(period=period, texts=run.texts, topics=lines, sentences=sentences)


@dataclass(frozen=True)
class WarningLine:
    title: str
    measure: str
    unit: str
    state: str
    sentence: str
    drivers: str
    link: str


@dataclass(frozen=True)
class WarningsSummary:
    open: int
    acknowledged: int
    closed: int
    warnings: list[WarningLine]
    sentences: list[str]


def warning_title(warning: AnomalyWarning) -> str:
    return wording.warning_title(warning.unit_kind, warning.unit_name, warning.period_start, warning.period_end,
                                 warning.measure)


def describe(warning: AnomalyWarning) -> tuple[str, str]:
    """(figures sentence, drivers sentence) of a warning."""
    unit = wording.UNIT_LABELS[warning.unit_kind] + "“" + warning.unit_name + "”"
    figures = wording.figures_sentence(
        measure=warning.measure, unit=unit, period=wording.period_text(warning.period_start, warning.period_end),
        current=warning.current, current_total=warning.current_total, baseline=warning.baseline,
        baseline_total=warning.baseline_total, current_days=warning.current_days,
        baseline_days=warning.baseline_days, expected=warning.expected)
    return figures, wording.driver_sentence(unit, warning.drivers, warning.mix, warning.current - warning.expected)


def open_warnings_summary(session: Session, *, center_id: int, department_id: int | None = None,
                          start: dt.date | None = None, end: dt.date | None = None,
                          limit: int = 5) -> WarningsSummary:
    """Open and acknowledged warnings (of one department, of periods overlapping [start, end] when given)."""
    counts = repo.warning_counts(session, center_id=center_id, department_id=department_id)
    stmt = select(AnomalyWarning).where(AnomalyWarning.center_id == center_id,
                                        AnomalyWarning.state != WarningState.CLOSED)
    if department_id is not None:
        stmt = stmt.where(AnomalyWarning.department_id == department_id)
    if start is not None:
        stmt = stmt.where(AnomalyWarning.period_end >= start)
    if end is not None:
        stmt = stmt.where(AnomalyWarning.period_start <= end)
    rows = list(session.scalars(stmt.order_by(AnomalyWarning.q_value, AnomalyWarning.id).limit(limit)))
    lines = []
    for w in rows:
        figures, drivers = describe(w)
        lines.append(WarningLine(title=warning_title(w), measure=wording.MEASURE_LABELS[w.measure],
                                 unit=w.unit_name, state=wording.STATE_LABELS[w.state], sentence=figures,
                                 drivers=drivers, link=f"/insights/warnings/{w.id}"))
    pending = counts.get("open", 0) + counts.get("acknowledged", 0)
    sentences = [f"尚未关闭的异常预警{pending}条（待处理{counts.get('open', 0)}条，已确认"
                 f"{counts.get('acknowledged', 0)}条）。" if pending else "目前没有尚未关闭的异常预警。"]
    sentences += [f"{line.sentence}{line.drivers}" for line in lines[:3]]
    return WarningsSummary(open=counts.get("open", 0), acknowledged=counts.get("acknowledged", 0),
                           closed=counts.get("closed", 0), warnings=lines, sentences=sentences)
