"""The download helpers: Chinese file names, a streamed body read off the event loop, a failure never hidden."""

from __future__ import annotations

import threading
from urllib.parse import unquote

import pytest
from fastapi import FastAPI
from fastapi.responses import StreamingResponse
from fastapi.testclient import TestClient

from xiaoneng.web.downloads import attachment, streamed


class NoSession:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_attachment_names_the_file_in_chinese_with_an_ascii_fallback():
    header = attachment("评价_20261118-1000.xlsx", fallback="ratings_20261118-1000.xlsx")["content-disposition"]
    plain, encoded = header.split("; filename*=UTF-8''")
    assert plain == 'attachment; filename="ratings_20261118-1000.xlsx"'
    assert unquote(encoded) == "评价_20261118-1000.xlsx"


def test_a_streamed_body_is_read_in_the_threadpool_not_on_the_event_loop():
    threads = {}
    app = FastAPI()

    @app.get("/file")
    async def file():
        threads["loop"] = threading.current_thread()

        def produce(_session):
            for _ in range(3):
                threads.setdefault("body", set()).add(threading.current_thread())
                yield b"x"

        return StreamingResponse(streamed(NoSession, produce, what="file", broken=b"!"))

    with TestClient(app) as client:
        assert client.get("/file").content == b"xxx"
    assert threads["body"] and threads["loop"] not in threads["body"]


def test_a_failure_half_way_marks_the_file_logs_and_is_raised_again(caplog):
    def produce(_session):
        yield b"first,"
        raise RuntimeError("disk gone")

    body = streamed(NoSession, produce, what="ratings.csv", broken=b"CUT")
    assert next(body) == b"first,"
    assert next(body) == b"CUT"
    with pytest.raises(RuntimeError):
        next(body)
    assert "download ratings.csv failed after 6 bytes" in caplog.text and "disk gone" in caplog.text
