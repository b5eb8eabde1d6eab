"""The runner loop, in a worker process (`xiaoneng worker`) or in a thread of the web process."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from xiaoneng.jobs.runner import default_worker_id, run_due

log = logging.getLogger("xiaoneng.jobs")

# Seconds between passes: the most frequent job (the outbox) runs every minute.
DEFAULT_INTERVAL = 30


def run_forever(sessions: sessionmaker[Session], *, stop: threading.Event, worker_id: str | None = None,
                interval: float = DEFAULT_INTERVAL) -> None:
    """Run due jobs, sleep, repeat, until `stop` is set; a set stop lets the current job finish first. A pass
    that fails (the database unreachable, say) is logged and the loop goes on."""
    worker_id = worker_id or default_worker_id()
    while not stop.is_set():
        try:
            run_due(sessions, worker_id=worker_id, should_stop=stop.is_set)
        except Exception:
            log.exception("job runner pass failed")
        stop.wait(interval)


def start_in_server(app) -> threading.Thread | None:
    """Start the runner thread of a web process when settings.run_jobs_in_server is true. Apps whose sessions share
    one connection (the tests' rolled-back transaction) get no thread: a thread needs connections of its own."""
    settings = app.state.settings
    sessions = app.state.session_factory
    bind = sessions.kw.get("bind")
    if not settings.run_jobs_in_server or not isinstance(bind, Engine):
        return None
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(sessions,),
                              kwargs={"stop": stop, "worker_id": f"{default_worker_id()}:web"},
                              name="xiaoneng-jobs", daemon=True)
    app.state.jobs_stop, app.state.jobs_thread = stop, thread
    thread.start()
    return thread


def stop_in_server(app, *, timeout: float = 30) -> None:
    """Ask the runner thread to stop after its current job, and wait for it."""
    stop = getattr(app.state, "jobs_stop", None)
    thread = getattr(app.state, "jobs_thread", None)
    if stop is not None:
        stop.set()
    if thread is not None:
        thread.join(timeout)
    app.state.jobs_stop = app.state.jobs_thread = None
