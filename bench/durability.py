"""Kill the server with SIGKILL in the middle of a load of ratings; every submission answered 201 must be stored.

Starts the app on a fresh SQLite file, sends N submissions at concurrency 50, sends SIGKILL once half of them
are answered, restarts nothing, then opens the database and looks up every answered submission by its nonce.
Prints answered / found / missing; exits non-zero if any answered submission is missing.

Run: .venv/bin/python bench/durability.py [N]   (default N = 6000)
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402


def main(n: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        url, windows = harness.build_database(Path(tmp) / "durability.db")
        port = harness.free_port()
        server = harness.start_server("apps:rating_app", port, harness.server_env(url))
        bodies = harness.rating_bodies(windows, n, seed=11, tag="dur")
        stored_nonces = harness.issue_nonces(port, bodies)  # issued by the server before the load
        killed = {"done": False}

        def kill_at_half(result):
            if not killed["done"] and len(result.latencies) >= n // 2:
                os.kill(server.pid, signal.SIGKILL)
                killed["done"] = True

        result = harness.run(harness.drive("killed", port, [harness.encode(b, port) for b in bodies],
                                           keep_bodies=True, on_answer=kill_at_half))
        server.wait(10)
        answered = [stored_nonces[i] for i, status, _ in result.answers if status == 201]
        engine = create_engine(url)
        with engine.connect() as conn:
            stored = {nonce for (nonce,) in conn.execute(text("SELECT nonce FROM rating"))}
        engine.dispose()
        missing = [nonce for nonce in answered if nonce not in stored]
        print(f"sent {result.sent}, answered 201: {len(answered)}, connection errors after SIGKILL: {result.errors}")
        print(f"stored {len(stored)} (includes committed ones whose answer the kill cut off), "
              f"answered and found {len(answered) - len(missing)}, missing {len(missing)}")
        if not killed["done"]:
            print("the server finished before it could be killed: raise N")
            return 2
        return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000))
