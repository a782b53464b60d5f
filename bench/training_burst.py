"""Burst test: 200 participants join a training session and submit within a few seconds.

Runs the app under gunicorn (several workers, --preload) on 127.0.0.1 with a fresh database in a
temporary instance folder (SQLite by default; ``--postgres`` uses a throwaway database on the
server at TEST_DATABASE_URL), sends the burst from threads, checks the stored rows, stops the
server, and prints a last line ``RESULT name=value ...``.

    .venv/bin/python bench/training_burst.py [--participants 200] [--workers 4] [--postgres]
"""

import argparse
import http.cookiejar
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, start_gunicorn, stop_server  # noqa: E402

VENV_BIN = Path(sys.executable).parent
MAX_PARTICIPANTS = 500  # bounded: this is a bench, not a load generator
DEADLINE_S = 180
TIMEOUT_S = 30
CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY_RE = re.compile(r'name="key" type="hidden" value="([^"]+)"')
CODE_RE = re.compile(r'class="training-code">(\w+)<')


class Browser:
    """One participant's HTTP client with its own cookie jar (no redirects followed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, accept: str = "text/html"
    ) -> tuple[int, str, dict[str, str]]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers={"Accept": accept})
        try:
            with self.opener.open(req, timeout=TIMEOUT_S) as resp:
                return resp.status, resp.read().decode(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(), dict(exc.headers)


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float | None) -> None:
        with self.lock:
            if ms is None:
                self.errors += 1
            else:
                self.latencies_ms.append(ms)


def database(args: argparse.Namespace, instance: Path) -> tuple[str, str | None]:
    """The app's database URL, and a PostgreSQL database name to drop afterwards."""
    if not args.postgres:
        return f"sqlite:///{instance / 'bench.db'}", None
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        sys.exit("--postgres needs TEST_DATABASE_URL (bash scripts/pg-test-server.sh start)")
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with create_engine(server, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return f"{server.rsplit('/', 1)[0]}/{name}", name


def drop(name: str | None) -> None:
    if name:
        with create_engine(
            os.environ["TEST_DATABASE_URL"], isolation_level="AUTOCOMMIT"
        ).connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return start_gunicorn("app:create_app()", port, env, workers=workers)


def create_session(base: str) -> tuple[str, str]:
    facilitator = Browser(base)
    _, page, _ = facilitator.request("/training/")
    csrf = CSRF_RE.search(page).group(1)  # type: ignore[union-attr]
    status, _, headers = facilitator.request(
        "/training/sessions", {"csrf_token": csrf, "scenario_id": "launch_notified"}
    )
    assert status == 302, status
    path = urllib.parse.urlparse(headers["Location"]).path
    _, page, _ = facilitator.request(path)
    return path, CODE_RE.search(page).group(1)  # type: ignore[union-attr]


def seat(base: str, code: str) -> tuple[Browser, str, str] | None:
    """Join and open the questionnaire; return the browser, CSRF token and idempotency key."""
    try:
        b = Browser(base)
        _, page, _ = b.request(f"/training/join/{code}")
        status, _, _ = b.request(
            "/training/join", {"csrf_token": CSRF_RE.search(page).group(1), "code": code}
        )  # type: ignore[union-attr]
        if status != 302:
            return None
        _, page, _ = b.request(f"/training/r/{code}")
        return b, CSRF_RE.search(page).group(1), KEY_RE.search(page).group(1)  # type: ignore[union-attr]
    except Exception:
        return None


ANSWERS = [
    "thirty_days_or_more",
    "seven_to_29_days",
    "under_seven_days",
    "after_start",
    "no_notice",
]


def submit(
    seated: tuple[Browser, str, str], i: int, code: str, start: threading.Barrier, tally: Tally
) -> None:
    browser, csrf, key = seated
    data = {
        "csrf_token": csrf,
        "key": key,
        "q_notice_lead_time": ANSWERS[i % len(ANSWERS)],
        "q_notification_detail": ["complete", "general", "minimal"][i % 3],
        "q_treaty_status": "all_three",
    }
    start.wait(timeout=60)
    # Every tenth participant double-clicks: the same key twice must store one row.
    for _ in range(2 if i % 10 == 0 else 1):
        t0 = time.perf_counter()
        try:
            status, body, _ = browser.request(
                f"/training/r/{code}/submit", data, accept="application/json"
            )
            ok = status == 200 and "revision" in json.loads(body)
        except Exception:
            ok = False
        tally.add((time.perf_counter() - t0) * 1000 if ok else None)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def stored_rows(url: str, code: str) -> tuple[int, int]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        rows, distinct = conn.execute(
            text(
                "SELECT count(*), count(DISTINCT s.participant_id) FROM training_submission s "
                "JOIN training_session t ON t.id = s.session_id WHERE t.join_code = :code"
            ),
            {"code": code},
        ).one()
    engine.dispose()
    return int(rows), int(distinct)


def run(args: argparse.Namespace) -> str:
    n = min(args.participants, MAX_PARTICIPANTS)
    with tempfile.TemporaryDirectory(prefix="training-burst-") as tmp:
        instance = Path(tmp)
        url, pg_name = database(args, instance)
        env = {
            **os.environ,
            "DUE_REGARD_INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "SECRET_KEY": uuid.uuid4().hex * 2,
        }
        port = free_port()
        server = start_server(env, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            facilitator_path, code = create_session(base)
            with ThreadPoolExecutor(max_workers=32) as pool:
                seated = list(pool.map(lambda _: seat(base, code), range(n)))
            tally = Tally(errors=sum(s is None for s in seated))
            ready = [s for s in seated if s is not None]
            barrier = threading.Barrier(len(ready))
            threads = [
                threading.Thread(target=submit, args=(s, i, code, barrier, tally))
                for i, s in enumerate(ready)
            ]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=max(1, DEADLINE_S - (time.perf_counter() - t0)))
            burst_s = time.perf_counter() - t0
            facilitator = Browser(base)
            timings = []
            for _ in range(3):
                d0 = time.perf_counter()
                status, page, _ = facilitator.request(facilitator_path)
                timings.append((time.perf_counter() - d0) * 1000)
                if status != 200 or f'data-count="submitted">{len(ready)}<' not in page:
                    tally.add(None)
            rows, distinct = stored_rows(url, code)
        finally:
            stop_server(server)
            drop(pg_name)
    kind = "postgresql" if args.postgres else "sqlite"
    print(
        f"burst of {len(ready)} submissions took {burst_s:.2f} s on {args.workers} workers ({kind})"
    )
    p50, p95 = percentile(tally.latencies_ms, 0.5), percentile(tally.latencies_ms, 0.95)
    return (
        f"RESULT participants={n} stored={distinct} duplicates={rows - distinct} "
        f"errors={tally.errors} p50_ms={p50:.0f} p95_ms={p95:.0f} "
        f"dashboard_ms={statistics.median(timings):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", action="store_true")
    print(run(parser.parse_args()))


if __name__ == "__main__":
    main()
