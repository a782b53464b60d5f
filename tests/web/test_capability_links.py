"""Capability tokens never leak: session cookie, access log, comparison links, Host header."""

import base64
import json
import os
import subprocess
import urllib.error
import urllib.request
import zlib

import pytest

from assessment.web.redact import redact_target
from bench.servers import ROOT, free_port, wait_for_port
from tests.app_helpers import csrf_from, make_app
from tests.web.helpers import create, share_token_of
from tests.web.training_helpers import SCENARIO

SECRET = "capability-test-secret-0123456789-0123456789"


def session_payload(client) -> dict:
    """The session cookie's payload as anyone holding the cookie could read it."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    data = cookie.value.split(".")[1 if cookie.value.startswith(".") else 0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if cookie.value.startswith(".") else raw)


def test_the_session_cookie_holds_no_edit_token(client):
    tokens = [create(client, title=f"Plan {n}") for n in range(3)]
    cookie = client.get_cookie("session").value
    payload = json.dumps(session_payload(client))
    for token in tokens:
        assert token not in cookie and token not in payload
    home = client.get("/").text
    assert all(f"/a/{token}/" in home for token in tokens)  # still listed, links built server-side


def test_an_old_cookie_of_edit_tokens_is_turned_into_row_ids(client):
    token = create(client, title="Remembered the old way")
    with client.session_transaction() as session:
        session.pop("mine_ids")
        session["mine"] = [token]
    assert f"/a/{token}/" in client.get("/").text
    assert token not in json.dumps(session_payload(client))


def https_app(tmp_path, database_url, **extra):
    return make_app(tmp_path, database_url, PROXY_COUNT=1, **extra)


def test_cookie_is_secure_and_hsts_sent_behind_an_https_proxy(tmp_path, database_url):
    app = https_app(tmp_path, database_url, ENV_NAME="production", SERVER_NAME="assess.example")
    client = app.test_client()
    secure = {"X-Forwarded-Proto": "https"}
    page = client.get("/new", headers=secure)
    assert "Secure" in page.headers["Set-Cookie"] and "HttpOnly" in page.headers["Set-Cookie"]
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    plain = app.test_client().get("/new")
    assert "Secure" not in plain.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in plain.headers


def test_forwarded_headers_are_ignored_without_a_configured_proxy(client):
    page = client.get("/new", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in page.headers["Set-Cookie"]


def test_production_refuses_to_start_without_a_public_host_name(tmp_path, database_url):
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        make_app(tmp_path, database_url, ENV_NAME="production")


def test_a_forged_host_header_never_reaches_a_share_link(tmp_path, database_url):
    app = make_app(tmp_path, database_url, SERVER_NAME="assess.example")
    client = app.test_client()
    token = create(client)
    page = client.get(f"/a/{token}/result", headers={"Host": "evil.example"}).text
    assert "evil.example" not in page
    assert "http://assess.example/s/" in page


def test_a_forged_host_header_never_reaches_the_join_link_or_its_qr_code(tmp_path, database_url):
    app = make_app(tmp_path, database_url, SERVER_NAME="assess.example")
    client = app.test_client()
    evil = {"Host": "evil.example"}
    token = csrf_from(client.get("/training/", headers=evil).text)
    created = client.post(
        "/training/sessions",
        data={"csrf_token": token, "scenario_id": SCENARIO},
        headers=evil,
    )
    assert created.status_code == 302
    page = client.get(created.location, headers=evil).text
    assert "evil.example" not in page
    assert "http://assess.example/training/join/" in page


def test_trusted_hosts_refuse_any_other_host(tmp_path, database_url):
    app = make_app(tmp_path, database_url, TRUSTED_HOSTS=["assess.example"])
    client = app.test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "assess.example"}).status_code == 200


def test_comparison_uses_share_tokens_and_refuses_edit_tokens(client):
    first, second = create(client, title="First plan"), create(client, title="Second plan")
    share_a, share_b = share_token_of(client, first), share_token_of(client, second)
    assert client.get(f"/compare?t={first}&t={second}").status_code == 404
    page = client.get(f"/compare?t={share_a}&t={share_b}")
    assert page.status_code == 200
    assert first not in page.text and second not in page.text
    assert f"/compare/report.pdf?t={share_a}&amp;t={share_b}" in page.text
    pick = client.get("/compare").text
    assert share_a in pick and first not in pick


def test_any_assessment_can_be_compared_by_pasting_its_share_link(client, app):
    mine = create(client, title="Mine")
    other_browser = app.test_client()
    theirs = create(other_browser, title="Someone else's")
    link = f"http://localhost/s/{share_token_of(other_browser, theirs)}"
    response = client.get("/compare", query_string={"t": [share_token_of(client, mine), link, ""]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Mine" in page.text and "Someone else" in page.text


def test_redaction_replaces_every_token_by_a_short_tag():
    token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MDEy"
    for target in (
        f"/a/{token}/step/avoid_surprise",
        f"/s/{token}/report.pdf",
        f"/training/f/{token}/live.json",
        f"/training/r/{token}/save",
        f"/training/join/{token}",
        f"/api/v1/assessments/{token}/export",
        f"/compare?t={token}&t=x{token}",
    ):
        redacted = redact_target(target)
        assert token not in redacted and "~" in redacted
    assert redact_target(f"/a/{token}/result") == redact_target(f"/a/{token}/result")
    assert redact_target("/static/app.js?v=1") == "/static/app.js?v=1"


@pytest.mark.slow
def test_the_production_access_log_carries_no_token(tmp_path):
    database = f"sqlite:///{tmp_path / 'log.db'}"
    make_app(tmp_path, database)
    port = free_port()
    env = {
        **os.environ,
        "DUE_REGARD_BIND": f"127.0.0.1:{port}",
        "DUE_REGARD_WORKERS": "1",
        "DUE_REGARD_INSTANCE_PATH": str(tmp_path / "instance"),
        "DUE_REGARD_DATABASE_URL": database,
        "SECRET_KEY": SECRET,
    }
    log = tmp_path / "access.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py", "app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_port(port)
            token = "SecretEditToken0123456789abcdefghijkl"
            for path in (f"/a/{token}/result", f"/compare?t={token}&t=other"):
                with pytest.raises(urllib.error.HTTPError):
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=15)
    text = log.read_text()
    assert "/a/~" in text, text
    assert token not in text
