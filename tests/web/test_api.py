"""The JSON API: documented behaviour, JSON errors, and a schemathesis run finding no 5xx."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.app_helpers import make_app
from tests.core_helpers import ROOT
from tests.web.helpers import create
from tests.web.training_helpers import start_session

EXAMPLE = (ROOT / "examples" / "destructive_test.json").read_text()


def test_score_returns_the_result_without_storing(client):
    response = client.post("/api/v1/score", data=EXAMPLE, content_type="application/json")
    assert response.status_code == 200
    body = response.json
    assert body["overall"]["band"] == "irresponsible"
    assert body["red_lines"]
    assert client.get("/").status_code == 200


def test_score_errors_are_json_with_every_problem(client):
    doc = json.loads(EXAMPLE)
    doc["answers"]["nope"] = {"option": "x"}
    doc["catalogue"]["version"] = "0.0.1"
    response = client.post("/api/v1/score", json=doc)
    assert response.status_code == 400
    paths = {p["path"] for p in response.json["problems"]}
    assert {"answers.nope", "catalogue.version"} <= paths
    assert (
        client.post("/api/v1/score", data="{", content_type="application/json").status_code == 400
    )
    assert client.post("/api/v1/score", data=EXAMPLE).status_code == 415


def test_api_404_and_405_are_json(client):
    missing = client.get("/api/v1/assessments/not-a-token")
    assert missing.status_code == 404
    assert "error" in missing.json
    assert client.get("/api/v1/score").json["error"]


def test_stored_assessment_by_edit_or_share_token(app, client):
    token = create(client)
    by_edit = client.get(f"/api/v1/assessments/{token}").json
    assert by_edit["document"]["activity"]["title"] == by_edit["title"]
    share = client.get(f"/api/v1/assessments/{token}").json
    assert share["result"]["overall"]["band"]
    exported = client.get(f"/api/v1/assessments/{token}/export").json
    assert exported["format"] == "due-regard/assessment"


def test_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"


@pytest.fixture(scope="module")
def api_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("api")
    return make_app(tmp, f"sqlite:///{tmp / 'api.db'}")


# Positive-data acceptance is left out: the schema cannot say which option ids each question takes,
# so a schema-valid document can still be rightly refused with a 400 and a message.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def test_api_conforms_to_its_openapi_document(api_app):
    """Generated requests for every operation: no 5xx, responses match the documented schemas."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8  # every operation in the OpenAPI document
    for operation in operations:

        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(checks=CHECKS)

        check()


def test_expensive_endpoints_are_rate_limited(tmp_path):
    limited = make_app(
        tmp_path, f"sqlite:///{tmp_path / 'rl.db'}", EXPENSIVE_RATE_LIMIT="3 per minute"
    )
    client = limited.test_client()
    codes = [
        client.post("/api/v1/score", data=EXAMPLE, content_type="application/json").status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    refused = client.post("/api/v1/score", data=EXAMPLE, content_type="application/json")
    assert refused.json["error"].startswith("Too many requests")
    assert "Retry-After" in refused.headers


def test_training_aggregate_needs_the_facilitator_token(app, client):
    session = start_session(client)
    token = session.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    aggregate = client.get(f"/api/v1/training/{token}/aggregate")
    assert aggregate.status_code == 200
    assert aggregate.json["submitted"] == 0
    assert aggregate.json["responses"] == []
    assert client.get(f"/api/v1/training/{session.code}/aggregate").status_code == 404


def test_results_carry_method_2_fields_and_v1_files_score_on_1_0_0(client):
    body = client.post("/api/v1/score", data=EXAMPLE, content_type="application/json").json
    overall = body["overall"]
    assert overall["method"] == 2 and overall["headline"] == "irresponsible"
    assert overall["transparency"] is not None
    assert {"possible_red_lines", "action_plan", "cannot_change", "phase"} <= set(body)
    assert all(r["to"] in ("actor", "affected_state") for r in body["recommendations"])
    v1 = (ROOT / "tests" / "data" / "v1" / "destructive_test.json").read_text()
    old = client.post("/api/v1/score", data=v1, content_type="application/json").json
    assert old["catalogue_version"] == "1.0.0" and old["overall"]["method"] == 1
