"""Small labelled sets written for these tests (data/), and the shared third-party data when it is there."""

import csv
import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHARED = Path(os.environ.get("XIAONENG_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def messages():
    return [(r["留言内容"], r["部门"]) for r in read_csv(DATA / "messages_small.csv")]


@pytest.fixture(scope="session")
def comment_rows():
    return read_csv(DATA / "rating_comments.csv")


@pytest.fixture(scope="session")
def sentiment_pairs(comment_rows):
    """The labelled rating comments as sentiment pairs: 满意 and above positive, 不满意 and below negative."""
    return [(r["评价内容"], "正面" if int(r["评价等级"]) >= 4 else "负面") for r in comment_rows
            if int(r["评价等级"]) != 3]


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    from xiaoneng.config import get_settings

    monkeypatch.setenv("XIAONENG_SECRET_KEY", get_settings().secret_key)  # the same secret, not one made anew
    monkeypatch.setenv("XIAONENG_VAR_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def shared(name):
    """A file of ../shared/data, or a skip with a notice when a clone has none."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} 不存在：共享数据只在开发机和 CI 上有，此测试跳过")
    return path
