"""Shared parts of the rating benches: a fresh database with a small org, servers, and a keep-alive load generator.

The servers run as `uvicorn --factory` subprocesses (uvloop, httptools, one worker, no access log) so that the
load generator, a single asyncio process over raw sockets, measures them from outside like any client would.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-" + "x" * 32
PATH = "/api/public/ratings"
FORM_PATH = "/api/public/ratings/form"
UNLIMITED = "100000000"


def server_env(database_url: str) -> dict:
    return {**os.environ, "XIAONENG_DATABASE_URL": database_url, "XIAONENG_SECRET_KEY": SECRET,
            # One client address sends everything, many ratings per QR code: the limits are lifted, not measured.
            "XIAONENG_PUBLIC_RATE_LIMIT_PER_MINUTE": UNLIMITED, "XIAONENG_RATING_CODE_LIMIT_PER_HOUR": UNLIMITED,
            "XIAONENG_RATING_DEVICE_LIMIT_PER_DAY": UNLIMITED, "XIAONENG_RUN_JOBS_IN_SERVER": "false",
            "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def build_database(path: Path, *, windows: int = 20) -> tuple[str, list[tuple[int, int]]]:
    """A migrated SQLite file with one center, a few departments and `windows` windows; returns (url, windows)."""
    os.environ["XIAONENG_SECRET_KEY"] = SECRET
    from xiaoneng import migrate
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.org.models import Center, Department, Window

    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        center = Center(code="BENCH", name="压测政务服务中心", region_code="510109")
        s.add(center)
        s.flush()
        depts = [Department(center_id=center.id, code=f"D{i:02d}", name=f"压测科室{i}") for i in range(4)]
        s.add_all(depts)
        s.flush()
        rows = [Window(center_id=center.id, department_id=depts[i % 4].id, code=f"W{i:03d}", name=f"{i}号窗口")
                for i in range(windows)]
        s.add_all(rows)
        s.flush()
        result = [(w.id, center.id) for w in rows]
    engine.dispose()
    return url, result


def rating_bodies(windows: list[tuple[int, int]], n: int, *, seed: int = 7, tag: str = "b") -> list[dict]:
    """N distinct submissions over the windows' QR tokens: mostly good, a few bad reviews that open the loop. Their
    nonce is a placeholder of an issued one's length until `issue_nonces` fetches real ones."""
    from xiaoneng.ratings.tokens import TokenKind, sign

    expires = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    tokens = [sign(TokenKind.WINDOW, wid, center_id=cid, expires_at=expires, secret=SECRET) for wid, cid in windows]
    rnd = random.Random(seed)
    bodies = []
    for i in range(n):
        # About 3% bad reviews, as in a service hall's real mix; each opens its rectification in the same commit.
        level = rnd.choices([5, 4, 3, 2, 1], weights=[62, 25, 10, 2, 1])[0]
        body = {"token": rnd.choice(tokens), "level": level,
                "nonce": f"{tag}-{i:08d}-{rnd.getrandbits(32):08x}".ljust(NONCE_LENGTH, "x")}
        if level <= 2:
            body["comment"] = "等候时间太长，窗口人员解释不清"
        bodies.append(body)
    return bodies


NONCE_LENGTH = 150  # about the length of a nonce the server issues (signed, naming its token and device)


def encode_form(token: str, port: int) -> bytes:
    return f"GET {FORM_PATH}?token={token} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def issue_nonces(port: int, bodies: list[dict], *, concurrency: int = 50) -> list[str]:
    """Fetch a server-issued nonce for each body, as a client does before it posts (GET the form, one new device
    each); sets body["nonce"] and returns the value the ratings table will store for each body."""
    from xiaoneng.ratings import links

    result = run(drive("nonces", port, [encode_form(b["token"], port) for b in bodies], concurrency=concurrency,
                       keep_bodies=True))
    if result.statuses != {200: len(bodies)}:
        raise RuntimeError(f"nonce requests answered {result.statuses}")
    for i, _status, answer in result.answers:
        bodies[i]["nonce"] = json.loads(answer)["nonce"]
    return [links.check_nonce(b["nonce"], secret=SECRET, token=b["token"]).nonce for b in bodies]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(factory: str, port: int, env: dict) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1", "--port", str(port),
           "--loop", "uvloop", "--http", "httptools", "--workers", "1", "--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{factory} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{factory} did not start")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (Linux /proc; 0.0 where it is unavailable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    """The live child processes of `pid` (the rating writer process of a server)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def cpu_by_process(pid: int) -> dict[str, float]:
    """CPU seconds of the server process and of its children together ("writer"), for the per-request figures."""
    return {"server": cpu_seconds(pid), "writer": sum(cpu_seconds(c) for c in child_pids(pid))}


@dataclass
class Result:
    name: str
    sent: int = 0
    statuses: dict = field(default_factory=dict)
    errors: int = 0
    latencies: list = field(default_factory=list)
    seconds: float = 0.0
    answers: list = field(default_factory=list)  # (request index, status, body) of every answer

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return 0.0
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q * len(data)))] * 1000

    def line(self) -> str:
        ok = sum(v for k, v in self.statuses.items() if 200 <= k < 300)
        return (f"{self.name:8s} requests {self.sent:6d}  2xx {ok:6d}  errors {self.errors + len(self.latencies) - ok:5d}"
                f"  {self.rate:8.0f} req/s  p50 {self.pct(0.5):6.1f} ms  p99 {self.pct(0.99):6.1f} ms"
                f"  median {statistics.median(self.latencies) * 1000 if self.latencies else 0:.1f} ms")


def encode(body: dict, port: int) -> bytes:
    payload = json.dumps(body, ensure_ascii=False).encode()
    head = (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n").encode()
    return head + payload


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:])
    return status, await reader.readexactly(length)


async def drive(name: str, port: int, requests: list[bytes], *, concurrency: int = 50, keep_bodies: bool = False,
                on_answer=None) -> Result:
    """Send every request over `concurrency` keep-alive connections; a dead server ends the run early."""
    result = Result(name)
    queue = iter(range(len(requests)))

    async def connection():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            result.errors += 1
            return
        try:
            for i in queue:
                result.sent += 1
                t0 = time.perf_counter()
                writer.write(requests[i])
                try:
                    status, body = await _read_answer(reader)
                except (OSError, asyncio.IncompleteReadError):
                    result.errors += 1
                    return
                result.latencies.append(time.perf_counter() - t0)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if keep_bodies:
                    result.answers.append((i, status, body))
                if on_answer is not None:
                    on_answer(result)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - t0
    return result


def run(coro):
    try:
        import uvloop

        return uvloop.run(coro)
    except ImportError:
        return asyncio.run(coro)
