"""What the import does for a whole file at once gives what the one-at-a-time code gives: the duplicate scan the
answers of duplicates.Index (ties included: same times, same texts, the same person and the same matter at once),
sort_many the results of sort, the bulk writer's conversions those of the column types; and the collector pause
nests."""

import copy
import datetime as dt
import gc
import random
import threading

import pytest

from xiaoneng.complaints import duplicate_scan, duplicates
from xiaoneng.complaints.sorting import Sorter
from xiaoneng.kit import bulk, collector

BASE = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
WORDS = ["窗口", "态度", "生硬", "办理", "营业执照", "排队", "等了", "很久", "没人", "系统", "登录不上", "！", "，"]


def _probes(rng: random.Random, count: int, *, keys, hours: int, phones, units, words: int):
    def probe(key, hour):
        text = "".join(rng.choice(WORDS[:words]) for _ in range(rng.randint(0, 8)))
        return duplicates.Probe(key=key, received_at=BASE + dt.timedelta(hours=hour), phone=rng.choice(phones),
                                unit=rng.choice(units), item=rng.choice([None, None, 1, 2]), text=text,
                                topic=rng.choice(["服务态度", "排队等候"]))
    return [probe(k, h) for k, h in zip(keys, sorted(rng.randrange(0, hours, 12) for _ in range(count)))]


def _one_at_a_time(existing, probes, period):
    index = duplicates.Index(period)
    for p in copy.deepcopy(existing):
        index.add(p)
    found = []
    for p in copy.deepcopy(probes):
        match = index.find(p)
        found.append(match)
        if match is None:
            index.add(p)
    return found


@pytest.mark.parametrize("seed", range(60))
def test_the_scan_finds_what_the_index_finds(seed):
    rng = random.Random(seed)
    existing = _probes(rng, rng.randint(0, 40), keys=range(100, 200), hours=1440, phones=["", "1", "2"],
                       units=[None, 1, 2], words=rng.randint(2, 13))
    rng.shuffle(existing)  # the open complaints come in the database's order
    count = rng.randint(1, 150)
    probes = _probes(rng, count, keys=range(-1, -count - 1, -1), hours=1440,
                     phones=["", "1", "2", "3"][:rng.randint(1, 4)], units=[None, 1, 2, 3][:rng.randint(1, 4)],
                     words=rng.randint(2, 13))
    period = dt.timedelta(days=rng.choice([0, 1, 3, 30]))
    expected = _one_at_a_time(existing, probes, period)
    assert duplicate_scan.find_many(existing, probes, period) == expected
    if seed == 0:
        assert any(m and m.reason == duplicates.REASON_PERSON for m in expected)
        assert any(m and m.reason == duplicates.REASON_MATTER for m in expected)


def test_the_scan_over_blocks_larger_than_a_chunk():
    rng = random.Random(7)
    probes = _probes(rng, 20 * duplicate_scan.CHUNK, keys=range(-1, -20 * duplicate_scan.CHUNK - 1, -1), hours=2000,
                     phones=["", "1"], units=[None, 1], words=9)
    period = dt.timedelta(days=3)
    expected = _one_at_a_time([], probes, period)
    assert duplicate_scan.find_many([], probes, period) == expected
    assert 50 < sum(1 for m in expected if m) < len(probes) - 50


def test_sort_many_is_sort_of_each(db, hall):
    sorter = Sorter(db, hall["center"].id)
    rng = random.Random(3)
    pieces = ["张伟", "B05 不动产受理窗口", "二手房转移登记", "食品经营许可证核发", "态度生硬", "排队", "红包", "营业执照",
              "不动产", "过户", "，", "我", "办理"]
    texts = ["", "态度"] + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(400)]
    assert sorter.sort_many(texts) == [sorter.sort(t) for t in texts]
    assert any(s.staff_id for s in sorter.sort_many(texts)) and any(s.item_id for s in sorter.sort_many(texts))


def test_each_distinct_value_is_converted_once_and_types_are_not_mixed():
    calls = []

    def process(value):
        calls.append(value)
        return f"<{value!r}>"

    assert bulk._converted(["a", None, "a", "b"], process) == ["<'a'>", None, "<'a'>", "<'b'>"]
    assert sorted(calls) == ["a", "b"]
    assert bulk._converted([1, True, 1.0], process) == ["<1>", "<True>", "<1.0>"]
    assert bulk._converted([[1], None, [1]], process) == ["<[1]>", None, "<[1]>"]


def test_the_collector_pause_nests_across_threads():
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other():
        with collector.paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with collector.paused():
        assert not gc.isenabled()
        thread.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause still holds
    leave.set()
    thread.join(5)
    assert gc.isenabled()


def test_the_bulk_datetime_conversion_is_the_column_types():
    from zoneinfo import ZoneInfo

    from sqlalchemy.dialects import sqlite

    from xiaoneng.db import UTCDateTime

    column, dialect = UTCDateTime(), sqlite.dialect()
    fast, slow = column.bulk_processor(dialect), column.dialect_impl(dialect).bind_processor(dialect)
    rng = random.Random(5)
    zones = [dt.UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")]
    for _ in range(500):
        value = dt.datetime(rng.randint(1, 2100), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                            rng.randint(0, 59), rng.randint(0, 59), rng.choice([0, rng.randrange(10 ** 6)]),
                            tzinfo=rng.choice(zones))
        if value.year > 1:
            assert fast(value) == slow(value)
    with pytest.raises(ValueError):
        fast(dt.datetime(2026, 1, 1))
    from sqlalchemy.dialects import postgresql

    assert column.bulk_processor(postgresql.dialect()) is None
