"""Random and hostile values at every form, the import and the API: a 4xx with a message, never
a 5xx, and nothing stored unless the input was valid."""

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from tests.app_helpers import csrf_from, make_app
from tests.core_helpers import ROOT
from tests.web.helpers import ACTIVITY, create

HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "\u202eevil\u202c",  # right-to-left override
            "\x00\x07\x1b[31m",  # control characters
            "<script>alert(1)</script>",
            "A" * 6000,
            "\ufeff\u200b\u2028",
            "'; DROP TABLE assessment; --",
            "%s%s%n{0}{{7*7}}",
        ]
    ),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=20,
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    return make_app(tmp, f"sqlite:///{tmp / 'fuzz.db'}", EXPENSIVE_RATE_LIMIT="100000 per minute")


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Assessment.id)))


@FUZZ
@given(title=HOSTILE_TEXT, actor=HOSTILE_TEXT, kinds=st.lists(HOSTILE_TEXT, max_size=3))
def test_describe_form_never_fails_and_stores_only_valid_input(fuzz_app, title, actor, kinds):
    client = fuzz_app.test_client()
    page = client.get("/new")
    before = count(fuzz_app)
    data = {
        **ACTIVITY,
        "title": title,
        "actor": actor,
        "kinds": kinds,
        "csrf_token": csrf_from(page.text),
    }
    response = client.post("/new", data=data)
    assert response.status_code in (200, 302, 400, 413), response.status_code
    stored = count(fuzz_app) - before
    assert stored == (1 if response.status_code == 302 else 0)
    if response.status_code != 302:
        assert "Nothing was saved" in response.text or "session expired" in response.text


@FUZZ
@given(values=st.dictionaries(st.sampled_from(["q_", "j_", "e_", "revision"]), HOSTILE_TEXT))
def test_step_form_never_fails(fuzz_app, values):
    client = fuzz_app.test_client()
    token = create(client)
    page = client.get(f"/a/{token}/step/destruction")
    data = {"csrf_token": csrf_from(page.text)}
    first = page.text.split('name="q_')[1].split('"')[0]
    for prefix, value in values.items():
        data[prefix if prefix == "revision" else f"{prefix}{first}"] = value
    response = client.post(f"/a/{token}/step/destruction", data=data)
    assert response.status_code in (302, 400, 409), response.status_code


@FUZZ
@given(document=JSON_VALUE)
def test_api_score_answers_4xx_with_a_message(fuzz_app, document):
    client = fuzz_app.test_client()
    response = client.post(
        "/api/v1/score", data=json.dumps(document), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json["error"]


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_import_of_random_bytes_is_refused_with_a_message(fuzz_app, raw):
    client = fuzz_app.test_client()
    before = count(fuzz_app)
    home = client.get("/")
    response = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(raw), "x.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert count(fuzz_app) == before


HOSTILE_DOCUMENTS = [
    '{"format": "due-regard/assessment", "format": "x"}',  # duplicate keys
    '{"format_version": 1e999}',  # huge number
    '{"format_version": ' + "9" * 5000 + "}",  # more digits than Python parses
    "[" * 5000 + "]" * 5000,  # deep nesting
    '{"activity": {"title": "\\ud800"}}',  # lone surrogate
    '{"answers": "not an object"}',  # wrong type
    "\xff\xfe not utf-8",
]


@pytest.mark.parametrize("raw", HOSTILE_DOCUMENTS)
def test_hostile_documents_are_refused_by_api_and_import(fuzz_app, raw):
    client = fuzz_app.test_client()
    body = raw.encode("latin-1") if raw.startswith("\xff") else raw.encode()
    api = client.post("/api/v1/score", data=body, content_type="application/json")
    assert api.status_code == 400
    assert api.json["error"]
    before = count(fuzz_app)
    home = client.get("/")
    imported = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(body), "x.json")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 400
    assert count(fuzz_app) == before


def test_a_valid_document_with_a_lone_surrogate_in_a_justification_is_refused(fuzz_app):
    doc = json.loads((ROOT / "examples" / "consensual_servicing.json").read_text())
    first = next(iter(doc["answers"]))
    doc["answers"][first]["justification"] = "\ud800"
    response = fuzz_app.test_client().post(
        "/api/v1/score", data=json.dumps(doc), content_type="application/json"
    )
    assert response.status_code == 400
    problem = response.json["problems"][0]
    assert problem["path"] == f"answers.{first}.justification"
    assert "unicode" in problem["message"] or "surrogate" in problem["message"]
