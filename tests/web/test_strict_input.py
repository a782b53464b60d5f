"""Ambiguous, oversized or unreadable input gets the right status and a clear message."""

import io
import json

from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from tests.app_helpers import csrf_from
from tests.core_helpers import ROOT
from tests.web.helpers import ACTIVITY, create


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Assessment.id)))


def chunked_post(client, path: str, body: bytes):
    """A body without Content-Length, as a chunked upload reaches the app under gunicorn."""
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )


def test_a_chunked_body_over_the_limit_is_refused_not_cut(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    doc = json.loads((ROOT / "examples" / "consensual_servicing.json").read_text())
    body = json.dumps(doc).encode()
    assert chunked_post(client, "/api/v1/score", body).status_code == 200
    padded = body[:-1] + b"," + b'"x":"' + b"y" * (limit + 1024 * 1024) + b'"}'
    response = chunked_post(client, "/api/v1/score", padded)
    assert response.status_code == 413


def test_a_field_sent_twice_is_refused(app, client):
    page = client.get("/new")
    data = [(k, v) for k, v in ACTIVITY.items() if k != "kinds"]
    data += [("kinds", k) for k in ACTIVITY["kinds"]]  # a list by design: accepted
    data += [("title", "Second title"), ("csrf_token", csrf_from(page.text))]
    body = "&".join(f"{k}={v}" for k, v in data)
    response = client.post("/new", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert count(app) == 0


def test_rejected_posts_to_new_and_describe_answer_400_and_keep_the_typing(app, client):
    page = client.get("/new")
    response = client.post(
        "/new",
        data={**ACTIVITY, "title": "", "actor": "Kept actor", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 400 and "Kept actor" in response.text
    token = create(client)
    page = client.get(f"/a/{token}/describe")
    data = {**ACTIVITY, "title": "", "csrf_token": csrf_from(page.text), "revision": "1"}
    assert client.post(f"/a/{token}/describe", data=data).status_code == 400


def test_describe_without_a_numeric_revision_overwrites_nothing(app, client):
    token = create(client)
    page = client.get(f"/a/{token}/describe")
    for revision in ("", "abc", None):
        data = {**ACTIVITY, "title": "Overwritten", "csrf_token": csrf_from(page.text)}
        if revision is not None:
            data["revision"] = revision
        response = client.post(f"/a/{token}/describe", data=data)
        assert response.status_code == 400
        assert "reload the page" in response.text
    with app.app_context():
        assert db.session.scalar(db.select(Assessment.title)) == ACTIVITY["title"]


def test_retry_after_only_on_responses_that_ask_to_wait(client):
    response = client.post("/api/v1/score", data="{}", content_type="application/json")
    assert "X-RateLimit-Limit" in response.headers
    assert "Retry-After" not in response.headers
    assert "Retry-After" not in client.get("/").headers


def test_a_lone_surrogate_key_on_import_is_a_400_with_its_path(app, client):
    doc = json.loads((ROOT / "examples" / "consensual_servicing.json").read_text())
    doc["answers"]["\udc00"] = {"option": "yes"}
    raw = json.dumps(doc).encode()
    home = client.get("/")
    response = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(raw), "x.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "answers.\\udc00" in response.text and "not valid Unicode" in response.text
    assert count(app) == 0


def test_batch_reports_a_lone_surrogate_file_and_carries_on(runner, tmp_path):
    doc = json.loads((ROOT / "examples" / "consensual_servicing.json").read_text())
    (tmp_path / "good.json").write_text(json.dumps(doc))
    doc["answers"]["\udc00"] = {"option": "yes"}
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    result = runner.invoke(args=["batch", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "1 scored, 1 failed" in result.output
    assert "bad.json" in result.output
