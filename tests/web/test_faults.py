"""Faults: a database locked by another process, and a gunicorn worker killed mid-burst."""

import contextlib
import http.client
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from bench.servers import free_port, start_gunicorn, stop_server
from tests.app_helpers import csrf_from, make_app
from tests.web.helpers import create, step_data

pytestmark = pytest.mark.slow
SAVES = 40  # per participant: enough that the kill lands mid-burst on a fast machine
SECRET = "fault-test-secret-0123456789-0123456789-abc"


def first_question(html: str) -> str:
    return html.split('name="q_')[1].split('"')[0]


def option_of(html: str, question: str) -> str:
    return re.search(rf'name="q_{question}" value="([^"]+)"', html).group(1)


def lock_database(path: Path, seconds: float) -> threading.Thread:
    """Another process-like holder of SQLite's write lock, released after ``seconds``."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        ready.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait()
    return thread


@pytest.mark.parametrize(("hold", "expected"), [(0.5, 302), (1.5, 503)])
def test_a_locked_database_makes_saves_wait_or_fail_cleanly_then_recover(tmp_path, hold, expected):
    path = tmp_path / "locked.db"
    app = make_app(tmp_path, f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=1000)
    client = app.test_client()
    token = create(client)
    page = client.get(f"/a/{token}/step/destruction").text
    question = first_question(page)
    data = {
        **step_data(client, token, "destruction"),
        f"q_{question}": option_of(page, question),
    }
    holder = lock_database(path, hold)
    response = client.post(f"/a/{token}/step/destruction", data=data)
    holder.join()
    assert response.status_code == expected
    with app.app_context():
        row = db.session.scalar(db.select(Assessment).filter_by(edit_token=token))
        saved = question in row.answers
    assert saved == (expected == 302)
    if expected == 503:
        assert response.headers["Retry-After"] == "5"
        assert "Nothing was saved" in response.text and "busy" in response.text
        retry = client.post(f"/a/{token}/step/destruction", data=data)
        assert retry.status_code == 302


class Participant:
    """One browser: its own cookies, saving answers to its own assessment through autosave."""

    def __init__(self, base: str, token: str) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.url = f"{base}/a/{token}/step/destruction"
        self.token = token
        self.acknowledged: list[tuple[int, str]] = []

    def start(self) -> None:
        html = self.opener.open(self.url, timeout=30).read().decode()  # workers may be cold
        self.csrf = csrf_from(html)
        self.revision = int(html.split('name="revision" value="')[1].split('"')[0])
        self.question = first_question(html)
        self.option = option_of(html, self.question)

    def save(self, n: int) -> None:
        note = f"save {n}"
        body = urllib.parse.urlencode({
            "csrf_token": self.csrf, "revision": self.revision, "autosave": "1",
            f"q_{self.question}": self.option, f"j_{self.question}": note,
        }).encode()  # fmt: skip
        try:
            with self.opener.open(self.url, data=body, timeout=10) as response:
                reply = response.read().decode()
        except urllib.error.HTTPError as refused:
            if refused.code == 409:  # a save whose reply was lost did land: reload, as a tab would
                with contextlib.suppress(OSError, http.client.HTTPException):
                    self.start()
            return
        except (OSError, http.client.HTTPException):
            return  # not acknowledged: the worker died or the connection broke
        self.revision = int(re.search(r'"revision":\s*(\d+)', reply).group(1))
        self.acknowledged.append((self.revision, note))


def test_a_worker_killed_during_a_burst_loses_no_acknowledged_save(tmp_path):
    instance = tmp_path / "instance"
    app = make_app(tmp_path, f"sqlite:///{instance / 'due_regard.db'}", INSTANCE_PATH=str(instance))
    client = app.test_client()
    tokens = [create(client, title=f"Plan {i}") for i in range(12)]
    port = free_port()
    env = {**os.environ, "DUE_REGARD_INSTANCE_PATH": str(instance), "SECRET_KEY": SECRET}
    server = start_gunicorn("app:create_app()", port, env, workers=3, preload=False)
    try:
        people = [Participant(f"http://127.0.0.1:{port}", t) for t in tokens]
        for person in people:
            person.start()
        threads = [
            threading.Thread(target=lambda p=p: [p.save(n) for n in range(SAVES)]) for p in people
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.2)
        workers = _children(server.pid)
        assert any(t.is_alive() for t in threads), "the kill must land during the burst"
        os.kill(workers[0], signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=60)
    finally:
        stop_server(server)
    saved = [p for p in people if p.acknowledged]
    assert len(saved) >= len(people) // 2, "the burst must go on around the killed worker"
    with app.app_context():
        for person in saved:
            row = db.session.scalar(db.select(Assessment).filter_by(edit_token=person.token))
            last_revision, last_note = person.acknowledged[-1]
            assert row.revision >= last_revision
            if row.revision == last_revision:
                assert row.answers[person.question]["justification"] == last_note
    acknowledged = sum(len(p.acknowledged) for p in people)
    assert 0 < acknowledged <= len(people) * SAVES


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]
