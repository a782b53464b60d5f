"""Rate limits: per real client (behind a proxy too), shared by every worker, on every code test."""

import json
import os
import secrets
import time
import urllib.error
import urllib.request

import pytest

from bench.servers import free_port, start_gunicorn, stop_server
from tests.app_helpers import make_app
from tests.core_helpers import ROOT
from tests.web.training_helpers import join, start_session

EXAMPLE = (ROOT / "examples" / "consensual_servicing.json").read_bytes()
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def score(client, address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return client.post(
        "/api/v1/score", data=EXAMPLE, content_type="application/json", headers=headers
    )


def test_wrong_codes_on_the_answer_page_count_and_lock_that_client_out(tmp_path, database_url):
    app = make_app(tmp_path, database_url, TRAINING_JOIN_FAILURES=5)
    facilitator = app.test_client()
    live = start_session(facilitator).code
    seated = join(app, live)
    guesser = app.test_client()
    for n in range(5):
        assert guesser.get(f"/training/r/WRONG{n:03d}").status_code == 404
    # Now even the live code answers 429: the page is no oracle for this client any more.
    assert guesser.get(f"/training/r/{live}").status_code == 429
    assert guesser.post(f"/training/r/{live}/save").status_code == 429
    assert seated.get(f"/training/r/{live}").status_code == 429  # same address: same client


def test_lockouts_and_limits_are_per_client_behind_a_proxy(tmp_path, database_url):
    app = make_app(
        tmp_path,
        database_url,
        PROXY_COUNT=1,
        TRAINING_JOIN_FAILURES=3,
        EXPENSIVE_RATE_LIMIT="3 per minute",
    )
    client = app.test_client()
    mallory = {"X-Forwarded-For": "203.0.113.9"}
    for n in range(3):
        assert client.get(f"/training/r/WRONG{n:03d}", headers=mallory).status_code == 404
    assert client.get("/training/r/WRONG999", headers=mallory).status_code == 429
    alice = {"X-Forwarded-For": "198.51.100.7"}
    assert client.get("/training/r/WRONG999", headers=alice).status_code == 404
    assert [score(client, "203.0.113.9").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert score(client, "198.51.100.7").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64_prefix(tmp_path, database_url):
    app = make_app(tmp_path, database_url, PROXY_COUNT=1, EXPENSIVE_RATE_LIMIT="2 per minute")
    client = app.test_client()
    hosts = ["2001:db8:1:2::1", "2001:db8:1:2::ffff", "2001:db8:1:2:abcd::9"]
    assert [score(client, h).status_code for h in hosts] == [200, 200, 429]
    assert score(client, "2001:db8:1:3::1").status_code == 200


def test_forwarded_addresses_are_ignored_without_a_configured_proxy(tmp_path, database_url):
    app = make_app(tmp_path, database_url, EXPENSIVE_RATE_LIMIT="2 per minute")
    client = app.test_client()
    codes = [score(client, f"192.0.2.{n}").status_code for n in range(3)]
    assert codes == [200, 200, 429]


def test_join_codes_are_long_enough_for_the_documented_arithmetic(tmp_path, database_url):
    app = make_app(tmp_path, database_url)
    code = start_session(app.test_client()).code
    assert len(code) == 8
    text = (ROOT / "docs" / "training.md").read_text()
    assert "31^8" in text and "guess" in text


def test_two_apps_on_one_database_share_the_counters(tmp_path, database_url):
    first = make_app(tmp_path, database_url, EXPENSIVE_RATE_LIMIT="4 per minute")
    second = make_app(tmp_path, database_url, EXPENSIVE_RATE_LIMIT="4 per minute")
    statuses = [score(app.test_client()).status_code for app in (first, second) * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]


def shared_store(kind: str) -> str:
    if kind == "database":
        return "database://"
    if not REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_REDIS_URL is not set: CI must run the Redis rate-limit test")
        pytest.skip("TEST_REDIS_URL not set (make test starts a redis-server)")
    return REDIS_URL


def wait_until_healthy(port: int, seconds: float = 90) -> None:
    """Workers import WeasyPrint after the port opens; a busy machine needs a while."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30):
                return
        except (OSError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["database", "redis"])
def test_a_limit_holds_across_two_gunicorn_workers(tmp_path, kind):
    storage = shared_store(kind)
    database = f"sqlite:///{tmp_path / 'limits.db'}"
    make_app(tmp_path, database)
    port = free_port()
    env = {
        **os.environ,
        "DUE_REGARD_INSTANCE_PATH": str(tmp_path / "instance"),
        "DUE_REGARD_DATABASE_URL": database,
        "DUE_REGARD_RATELIMIT_STORAGE_URI": storage,
        "DUE_REGARD_EXPENSIVE_RATE_LIMIT": "30 per minute",
        # A fresh secret salts the client key, so no counter from an earlier run is reused.
        "SECRET_KEY": secrets.token_urlsafe(40),
    }
    server = start_gunicorn("app:create_app()", port, env, workers=2, preload=False)
    statuses: list[int] = []
    try:
        wait_until_healthy(port)
        for _ in range(80):
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/score",
                data=EXAMPLE,
                headers={"Content-Type": "application/json", "Connection": "close"},
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    statuses.append(response.status)
                    json.loads(response.read())
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
    finally:
        stop_server(server)
    assert statuses.count(200) == 30, statuses
    assert statuses.count(429) == 50
