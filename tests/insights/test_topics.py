"""Topics of a period from the database: themes kept apart and named from their words, the emerging one found,
counts by department and service point, the trend and forecast stored; the pages read what is stored."""

import datetime as dt

import pytest

from tests.disclosure.data import make_hall
from tests.fixtures.objects import make_point
from tests.insights.data import MONTHS, PERIOD, complaints, ratings
from xiaoneng.insights import repository as repo
from xiaoneng.insights import service, topics
from xiaoneng.kit import clock

QUEUE = ["大厅排队等候时间太长，叫号很慢，希望增加窗口", "排队两个多小时才叫到号，等候区座位也不够",
         "周一上午排队的人很多，叫号系统慢，等候太久"]
ONLINE = ["网上申报系统登录不上，上传材料一直失败", "网上申报系统报错，上传材料失败，提交不了",
          "网上申报系统升级后上传材料一直失败"]
PRAISE = ["窗口工作人员热情耐心，讲解清楚，非常满意", "工作人员耐心解答问题，服务热情周到",
          "帮办员热情耐心地指导填表，服务很好"]


@pytest.fixture
def hall(db):
    hall = make_hall(db)
    point = make_point(db, center=hall.center, name="锦城大厅")
    hall.window_a.service_point_id = point.id
    for month in MONTHS:
        october = month == MONTHS[-1]
        for i, text in enumerate(QUEUE * 4):
            ratings(db, hall, hall.dept_a, hall.window_a, hall.clerk_a, hall.item_a, month + dt.timedelta(days=i),
                    1, 1, text)
        for i, text in enumerate(PRAISE * 4):
            ratings(db, hall, hall.dept_b, hall.window_b, hall.clerk_b, hall.item_b, month + dt.timedelta(days=i),
                    1, 1, text)
        for text in ONLINE:
            complaints(db, hall.dept_b, month, 6 if october else 1, "系统与网办", text)
    db.flush()
    return hall


def _run(db, hall):
    return topics.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())


def _topic_of(rows, word):
    return next(t for t in rows if any(word in k for k in t.keywords))


def test_themes_are_kept_apart_named_and_counted(db, hall):
    run = _run(db, hall)
    rows = repo.topics_of(db, run.id)
    assert run.texts == 12 + 12 + 18
    queue, online = _topic_of(rows, "排队"), _topic_of(rows, "上传")
    assert queue.id != online.id
    assert "排队" in queue.name or "叫号" in queue.name or "等候" in queue.name
    assert len({r["text"] for r in queue.representatives}) == len(queue.representatives) >= 2
    assert all(r["text"] in QUEUE for r in queue.representatives)
    assert dict(queue.by_department) == {hall.dept_a.id: queue.volume}
    assert queue.by_place and queue.by_place[0][1] == queue.volume  # all at the window of 锦城大厅
    assert online.sources == {"complaint": online.volume}
    assert sum(n for _, n in queue.by_day) == queue.volume


def test_the_online_system_topic_is_emerging_with_a_forecast(db, hall):
    rows = repo.topics_of(db, _run(db, hall).id)
    online = _topic_of(rows, "上传")
    queue = _topic_of(rows, "排队")
    assert online.emerging and not queue.emerging
    assert online.previous_volume <= 3 < online.volume
    assert online.heat > queue.heat  # growth counts
    assert [label for label, _ in online.trend][-2:] == ["2026-09", "2026-10"]
    f = online.forecast
    assert set(f) == {"mean", "low", "high", "model"} and f["low"] <= f["mean"] <= f["high"]
    assert [t.rank for t in rows] == list(range(1, len(rows) + 1))


def test_computing_again_replaces_the_periods_topics(db, hall):
    first_topics = len(repo.topics_of(db, _run(db, hall).id))
    second = _run(db, hall)
    assert repo.find_run(db, center_id=hall.center.id, kind="topics", start=PERIOD[0], end=PERIOD[1]).id == second.id
    assert len(repo.runs(db, center_id=hall.center.id, kind="topics")) == 1
    assert len(repo.topics_of(db, second.id)) == first_topics > 0


def test_department_forecasts_are_stored(db, hall):
    run = _run(db, hall)
    names = {d["name"]: d for d in run.detail["departments"]}
    assert set(names) == {"不动产登记科", "市场监管科"}
    assert names["市场监管科"]["series"][-1] == 12 + 18


def test_summary_sentences(db, hall):
    _run(db, hall)
    summary = service.hot_topics_summary(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1])
    assert summary.period == "2026年10月" and summary.texts == 42
    assert summary.sentences[0].startswith("2026年10月共分析")
    assert any("新出现或明显增多" in s for s in summary.sentences)
    assert service.hot_topics_summary(db, center_id=hall.center.id, start=dt.date(2026, 9, 1),
                                      end=dt.date(2026, 9, 30)) is None


def test_too_few_texts_make_no_topics(db):
    hall = make_hall(db)
    complaints(db, hall.dept_a, dt.date(2026, 10, 1), 3, "服务态度", "窗口人员态度生硬")
    db.flush()
    run = topics.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())
    assert run.texts == 3 and repo.topics_of(db, run.id) == []


def test_topics_page(db, hall, sign_in):
    _run(db, hall)
    page = sign_in(hall.supervisor).page(f"/insights/topics?start={PERIOD[0]}")
    assert page.status_code == 200
    assert "热点话题 · 2026年10月" in page.text and "新兴话题" in page.text and "<svg" in page.text
    assert "热度 = 100 ×" in page.text and "各部门下期文本量预测" in page.text
    assert "锦城大厅" in page.text
    head = sign_in(hall.head_a).page("/insights/topics")
    assert head.status_code == 200 and "市场监管科" not in head.text.split("各部门下期文本量预测")[-1]
    assert sign_in(hall.clerk_a).page("/insights/topics").status_code == 403


def test_a_period_not_yet_ended_is_refused(db, hall):
    from xiaoneng.auth.service import actor_for
    from xiaoneng.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as refused:
        service.compute_period(db, actor=actor_for(hall.supervisor), start=dt.date(2026, 11, 1),
                               end=dt.date(2026, 11, 30))
    assert refused.value.field == "end" and "今天之前" in refused.value.message
