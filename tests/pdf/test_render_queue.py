"""PDFs are rendered by a pool outside the page workers, through a bounded queue."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from assessment.web.library import get_catalogue
from assessment.web.pdf import documents, redis_queue, spool
from bench.servers import free_port, start_gunicorn, stop_server
from tests.app_helpers import make_app
from tests.web.helpers import ACTIVITY, answer_all, best, create

ROOT = Path(__file__).resolve().parents[2]


def _kinds(app) -> list[str]:
    with app.app_context():
        return [k.id for k in get_catalogue().activity_kinds]


def _run_pool_until_done(app) -> None:
    """This machine's pool, in this test's process: render everything queued, then stop."""
    spool.serve(app.config["PDF_CACHE_DIR"], "1", "60", "1")


@pytest.fixture
def quiet_app(tmp_path, monkeypatch):
    """Downloads answer at once, and no pool starts by itself: the test runs it."""
    monkeypatch.setattr(spool, "ensure_pool", lambda *args: None)
    app = make_app(
        tmp_path, f"sqlite:///{tmp_path / 't.db'}", PDF_WAIT_SECONDS=0, PDF_QUEUE_LIMIT=1
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_queued_render_gets_a_polling_page_a_full_queue_a_503_then_the_pdf(quiet_app):
    client = quiet_app.test_client()
    first, second = (f"/blank/{kind}.pdf" for kind in _kinds(quiet_app)[:2])
    waiting = client.get(first)
    # Flask-Limiter raises Retry-After to its own window on limited routes: at least ours.
    assert waiting.status_code == 202 and int(waiting.headers["Retry-After"]) >= 3
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "being prepared" in waiting.text and waiting.headers["Cache-Control"] == "no-store"
    assert client.get(first).status_code == 202  # asking again queues nothing more

    full = client.get(second)  # the queue holds one render: this one is refused
    assert full.status_code == 503 and int(full.headers["Retry-After"]) >= 10
    assert (
        '<meta http-equiv="refresh" content="10">' in full.text and "nothing is lost" in full.text
    )

    _run_pool_until_done(quiet_app)
    ready = client.get(first)
    assert ready.status_code == 200 and ready.data[:5] == b"%PDF-"
    assert client.get(second).status_code == 202  # room again: now it is queued


def test_a_completed_assessment_is_rendered_in_the_background(quiet_app):
    client = quiet_app.test_client()
    token = create(client)
    with quiet_app.app_context():
        catalogue = get_catalogue()
    answer_all(client, catalogue, token, ACTIVITY["kinds"], best)  # the last step completes it
    with quiet_app.app_context():
        row = db.session.scalar(db.select(Assessment).filter_by(edit_token=token))
        assert row.answers
    assert len(list(spool.queue_dir(quiet_app.config["PDF_CACHE_DIR"]).glob("*.job"))) == 1
    _run_pool_until_done(quiet_app)
    first_download = client.get(f"/a/{token}/report.pdf")  # no wait allowed: a cache hit
    assert first_download.status_code == 200 and first_download.data[:5] == b"%PDF-"


def test_a_failed_render_is_reported_once_then_tried_again(quiet_app):
    client = quiet_app.test_client()
    url = f"/blank/{_kinds(quiet_app)[0]}.pdf"
    assert client.get(url).status_code == 202
    folder = spool.queue_dir(quiet_app.config["PDF_CACHE_DIR"])
    (job,) = folder.glob("*.job")
    job.write_bytes(b"not a render request")
    _run_pool_until_done(quiet_app)
    failed = client.get(url)
    assert failed.status_code == 503 and "could not be produced" in failed.text
    assert client.get(url).status_code == 202  # queued afresh


REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.mark.slow
def test_one_app_server_and_two_pdf_workers_share_redis(tmp_path):
    if not REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set: CI must run the Redis tests")
        pytest.skip("TEST_REDIS_URL not set (make test starts a Redis server)")
    instance = tmp_path / "instance"
    app = make_app(tmp_path, f"sqlite:///{instance / 'due_regard.db'}", INSTANCE_PATH=str(instance))
    with app.app_context():
        catalogue = get_catalogue()
        kinds = [k.id for k in catalogue.activity_kinds][:2]  # one job for each worker
        keys = [documents.blank_job(catalogue, [k], "a4").key for k in kinds]
    env = {
        **os.environ,
        "DUE_REGARD_INSTANCE_PATH": str(instance),
        "SECRET_KEY": "redis-test-secret-0123456789-0123456789-abc",
        "REDIS_URL": REDIS_URL,
        "DUE_REGARD_PDF_TIME_LIMIT": "300",  # a loaded test machine renders slowly
    }
    from redis import Redis
    from rq import Queue, Worker

    connection = Redis.from_url(REDIS_URL)
    queue = Queue(redis_queue.QUEUE, connection=connection)
    queue.empty()  # nothing left from an earlier run: every PDF here is a first render
    connection.delete(*(redis_queue.PREFIX + key for key in keys))
    flask = [sys.executable, "-m", "flask", "--app", "app", "pdf-worker"]
    workers = [subprocess.Popen(flask, cwd=ROOT, env=env) for _ in range(2)]
    port = free_port()
    server = start_gunicorn("app:create_app()", port, env, workers=2)
    try:
        urls = [f"http://127.0.0.1:{port}/blank/{k}.pdf" for k in kinds]
        statuses = [_status(u) for u in urls]  # all queued at once, none rendered by the server
        assert set(statuses) <= {200, 202} and 202 in statuses
        deadline = time.monotonic() + 600  # a shared test machine can be very slow
        pending = set(urls)
        while pending and time.monotonic() < deadline:
            pending = {u for u in pending if _status(u) != 200}
            time.sleep(0.5)
        assert not pending, f"not rendered: {pending}"
        done = [w.successful_job_count for w in Worker.all(queue=queue)]
        assert len(done) == 2 and min(done) >= 1, "both workers take jobs from the one queue"
        assert all(connection.exists(f"due-regard:pdf:{key}") for key in keys)
    finally:
        stop_server(server)
        with app.app_context():
            db.engine.dispose()
        for worker in workers:
            worker.terminate()  # a warm shutdown: the worker finishes its render first
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code
