"""A realistic workshop: a room joins within 30 s and answers the whole questionnaire with
autosave, over about a minute, while the facilitator dashboard and the presenter view refresh.

Each participant does what the real pages do: open the join page, join (with the form's nonce),
open the questionnaire, then answer the questions one by one; every change posts the whole form
to the autosave endpoint (as static/js/training.js does), and at the end it submits. Every tenth
participant leaves two questions blank, is asked to confirm, and submits anyway. Meanwhile one
facilitator polls the dashboard's live.json every 4 s and one projector polls the presenter
view every 3 s, as the browsers do.

The app runs under the production gunicorn configuration (deploy/gunicorn.conf.py) on 127.0.0.1
with a fresh database (SQLite by default; ``--postgres`` uses a throwaway database on the server
at TEST_DATABASE_URL). Loopback only and bounded (at most 500 participants, 10 minutes). The last
line is ``RESULT participants=… stored=… errors=… <type>_p50_ms=… <type>_p95_ms=…
<type>_p99_ms=…`` for each request type: join, page, save, submit, dashboard, presenter.

    .venv/bin/python bench/workshop_load.py [--participants 200] [--postgres] [--seed 1]
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, stop_server, wait_for_port  # noqa: E402
from bench.training_burst import (  # noqa: E402
    CSRF_RE,
    KEY_RE,
    Browser,
    database,
    drop,
    percentile,
)

VENV_BIN = Path(sys.executable).parent
MAX_PARTICIPANTS = 500
DEADLINE_S = 600
DASHBOARD_EVERY_S = 4.0  # as training.js polls the dashboard
PRESENTER_EVERY_S = 3.0  # as training.js polls the presenter view
TYPES = ("join", "page", "save", "submit", "dashboard", "presenter")
NONCE_RE = re.compile(r'name="nonce" type="hidden" value="([^"]+)"')
RADIO_RE = re.compile(r'<input type="radio" name="q_([\w-]+)" value="([^"]+)"')
SCENARIO_RE = re.compile(r'name="scenario_id" value="([^"]+)">')  # one per scenario card
QUESTIONS_RE = re.compile(r"· (\d+) questions</p>")
LOG_RE = re.compile(r'"(GET|POST) (\S+)" (\d+) \S+ (\d+)ms')
PRESENTER_RE = re.compile(r'href="([^"]+)" target="_blank" rel="noopener" id="presenter-link"')


@dataclass
class Tally:
    """Latencies per request type, and every failure."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(
        self,
        kind: str,
        browser: Browser,
        path: str,
        data: dict[str, str] | None = None,
        accept: str = "text/html",
        ok: tuple[int, ...] = (200,),
    ) -> tuple[int, str, dict[str, str]]:
        t0 = time.perf_counter()
        try:
            status, body, headers = browser.request(path, data, accept)
        except Exception:
            status, body, headers = 0, "", {}  # refused, reset or timed out
        ms = (time.perf_counter() - t0) * 1000
        with self.lock:
            if status in ok:
                self.latencies[kind].append(ms)
            else:
                self.errors[kind] += 1
        return status, body, headers


def request_type(method: str, path: str) -> str | None:
    """The bench's name for a request seen in the access log."""
    if path.endswith("/live.json"):
        return "presenter" if "/training/p/" in path else "dashboard"
    if path.endswith(("/save", "/submit")):
        return path.rsplit("/", 1)[-1]
    if path == "/training/join" and method == "POST":
        return "join"
    if path.startswith(("/training/join/", "/training/r/")) and method == "GET":
        return "page"
    return None


def server_times(log: Path) -> dict[str, list[float]]:
    """Time spent inside a gunicorn worker per request type (from the access log): what the
    app costs, against the client's latency, which adds queueing for a free worker."""
    times: dict[str, list[float]] = defaultdict(list)
    for method, path, _, ms in LOG_RE.findall(log.read_text(errors="replace")):
        kind = request_type(method, path)
        if kind:
            times[kind].append(float(ms))
    return times


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """gunicorn with deploy/gunicorn.conf.py (workers, preload, gc.freeze), on loopback."""
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    command = [str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "app:create_app()"]
    with log.open("wb") as out:  # the access log: one line per request, not for the terminal
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "DUE_REGARD_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, timeout=60)
    except RuntimeError:
        stop_server(server)
        raise
    return server


def largest_scenario(page: str) -> str:
    """The scenario with the most questions: the whole questionnaire, as in a real workshop."""
    ids = SCENARIO_RE.findall(page)
    sizes = [int(n) for n in QUESTIONS_RE.findall(page)]
    return max(zip(ids, sizes, strict=True), key=lambda pair: pair[1])[0]


@dataclass(frozen=True)
class Room:
    code: str
    dashboard_live: str
    presenter_live: str


def create_session(base: str) -> Room:
    facilitator = Browser(base)
    _, page, _ = facilitator.request("/training/")
    scenario = largest_scenario(page)
    csrf = CSRF_RE.search(page).group(1)  # type: ignore[union-attr]
    status, _, headers = facilitator.request(
        "/training/sessions", {"csrf_token": csrf, "scenario_id": scenario}
    )
    assert status == 302, status
    path = urllib.parse.urlparse(headers["Location"]).path
    _, page, _ = facilitator.request(path)
    code = re.search(r'class="training-code">(\w+)<', page).group(1)  # type: ignore[union-attr]
    presenter = urllib.parse.urlparse(PRESENTER_RE.search(page).group(1)).path  # type: ignore[union-attr]
    return Room(code, f"{path}/live.json", f"{presenter}/live.json")


@dataclass(frozen=True)
class Plan:
    base: str
    room: Room
    t0: float
    join_window: float
    answer_window: float


def participant(plan: Plan, i: int, rng: random.Random, tally: Tally) -> bool:
    """One phone, from the join page to the submitted answers; True if every step worked."""
    base, room = plan.base, plan.room
    join_at = rng.uniform(0, plan.join_window)
    answer_for = rng.uniform(0.75, 1.25) * plan.answer_window
    time.sleep(max(0.0, plan.t0 + join_at - time.perf_counter()))
    phone = Browser(base)
    status, page, _ = tally.timed("page", phone, f"/training/join/{room.code}")
    csrf, nonce = CSRF_RE.search(page), NONCE_RE.search(page)
    if status != 200 or not csrf or not nonce:
        return False
    form = {"csrf_token": csrf.group(1), "nonce": nonce.group(1), "code": room.code}
    status, _, _ = tally.timed("join", phone, "/training/join", form, ok=(302,))
    if status != 302:
        return False
    status, page, _ = tally.timed("page", phone, f"/training/r/{room.code}")
    csrf, key = CSRF_RE.search(page), KEY_RE.search(page)
    if status != 200 or not csrf or not key:
        return False
    options: dict[str, list[str]] = defaultdict(list)
    for qid, value in RADIO_RE.findall(page):
        options[qid].append(value)
    questions = list(options)
    skipped = set(rng.sample(questions, 2)) if i % 10 == 0 and len(questions) > 2 else set()
    fields = {"csrf_token": csrf.group(1), "key": key.group(1)}
    gap = answer_for / max(1, len(questions))
    for qid in questions:
        time.sleep(rng.uniform(0.5, 1.5) * gap)
        if qid in skipped:
            continue
        fields[f"q_{qid}"] = rng.choice(options[qid])
        status, _, _ = tally.timed(
            "save", phone, f"/training/r/{room.code}/save", {**fields, "autosave": "1"}
        )
    path = f"/training/r/{room.code}/submit"
    status, _, _ = tally.timed("submit", phone, path, fields, "application/json", ok=(200, 422))
    if status == 422 and skipped:  # asked to confirm the gaps: "Submit anyway"
        status, _, _ = tally.timed(
            "submit", phone, path, {**fields, "partial": "1"}, "application/json"
        )
    return status == 200


def poll(
    base: str, kind: str, path: str, every: float, stop: threading.Event, tally: Tally
) -> None:
    browser = Browser(base)
    while not stop.is_set():
        tally.timed(kind, browser, path, accept="application/json")
        stop.wait(every)


def stored_submissions(url: str, code: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT count(DISTINCT s.participant_id) FROM training_submission s "
                "JOIN training_session t ON t.id = s.session_id WHERE t.join_code = :code"
            ),
            {"code": code},
        ).scalar_one()
    engine.dispose()
    return int(count)


def run(args: argparse.Namespace) -> str:
    n = max(1, min(args.participants, MAX_PARTICIPANTS))
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="workshop-load-") as tmp:
        instance = Path(tmp)
        url, pg_name = database(args, instance)
        env = {
            **os.environ,
            "DUE_REGARD_INSTANCE_PATH": str(instance),
            "DATABASE_URL": url,
            "SECRET_KEY": uuid.uuid4().hex * 2,
        }
        port = free_port()
        server = start_server(env, port, instance / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        tally = Tally()
        try:
            room = create_session(base)
            stop = threading.Event()
            pollers = [
                threading.Thread(
                    target=poll,
                    args=(base, "dashboard", room.dashboard_live, DASHBOARD_EVERY_S, stop, tally),
                ),
                threading.Thread(
                    target=poll,
                    args=(base, "presenter", room.presenter_live, PRESENTER_EVERY_S, stop, tally),
                ),
            ]
            done: list[bool] = []
            t0 = time.perf_counter()
            plan = Plan(base, room, t0, args.join_window, args.answer_window)
            seeds = [rng.random() for _ in range(n)]

            def phone(i: int) -> None:
                done.append(participant(plan, i, random.Random(seeds[i]), tally))

            phones = [threading.Thread(target=phone, args=(i,), daemon=True) for i in range(n)]
            for thread in (*pollers, *phones):
                thread.start()
            for thread in phones:
                thread.join(timeout=max(1.0, DEADLINE_S - (time.perf_counter() - t0)))
            stop.set()
            for thread in pollers:
                thread.join(timeout=30)
            took = time.perf_counter() - t0
            stored = stored_submissions(url, room.code)
        finally:
            stop_server(server)
            drop(pg_name)
        inside = server_times(instance / "gunicorn.log")
    kind = "postgresql" if args.postgres else "sqlite"
    requests = sum(len(v) for v in tally.latencies.values()) + sum(tally.errors.values())
    print(f"{n} participants, {requests} requests in {took:.0f} s on {kind}")
    load = os.getloadavg()[0]
    print(f"load average at the end {load:.1f} on {os.cpu_count()} cores")
    for name in TYPES:
        values, work = tally.latencies.get(name, []), inside.get(name, [])
        print(
            f"  {name:9} {len(values):6} ok {tally.errors.get(name, 0):4} errors;"
            f" in a worker p50 {percentile(work, 0.5):.0f} ms, p95 {percentile(work, 0.95):.0f} ms"
        )
    errors = sum(tally.errors.values()) + (n - sum(done))
    figures = [f"participants={n}", f"stored={stored}", f"errors={errors}"]
    for name in TYPES:
        values = tally.latencies.get(name, [])
        for q in (50, 95, 99):
            figures.append(f"{name}_p{q}_ms={percentile(values, q / 100):.0f}")
    return "RESULT " + " ".join(figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--join-window", type=float, default=30.0, help="seconds")
    parser.add_argument("--answer-window", type=float, default=60.0, help="seconds, on average")
    print(run(parser.parse_args()))


if __name__ == "__main__":
    main()
