"""Assessments answered on catalogue 1.0.0: opened with their original result, offered a
migration to 2.0.0 that lists the changes and only happens on an accepted POST."""

import io
import json
import re
from pathlib import Path

from assessment.exchange import read_document
from assessment.migration import describe, migrate
from assessment.results import build_result
from assessment.versions import load_library
from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from tests.app_helpers import csrf_from

ROOT = Path(__file__).resolve().parents[2]
V1_FILE = ROOT / "tests/data/v1/destructive_test.json"


def _import_v1(client) -> str:
    home = client.get("/")
    response = client.post(
        "/import",
        data={
            "csrf_token": csrf_from(home.text),
            "file": (io.BytesIO(V1_FILE.read_bytes()), "v1.json"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text[:2000]
    return response.headers["Location"].split("/")[2]


def _row(app, token: str) -> Assessment:
    with app.app_context():
        row = db.session.query(Assessment).filter_by(edit_token=token).one()
        db.session.expunge(row)
        return row


def test_a_v1_file_imports_on_1_0_0_and_shows_its_original_result(app, client):
    token = _import_v1(client)
    assert _row(app, token).catalogue_version == "1.0.0"
    page = client.get(f"/a/{token}/result")
    assert page.status_code == 200
    assert "answered on catalogue 1.0.0" in page.text
    assert "method 1.0" in page.text
    assert f"/a/{token}/migrate" in page.text
    # the original result: the same band the 1.0.0 catalogue gives the file
    library = load_library(ROOT)
    v1 = library.get("1.0.0")
    doc = read_document(v1, V1_FILE.read_bytes())
    band = v1.band(build_result(v1, doc.activity, doc.answers).overall.band)
    assert band.label in page.text


def test_the_api_and_export_keep_the_version_answered_on(app, client):
    token = _import_v1(client)
    body = client.get(f"/api/v1/assessments/{token}").get_json()
    assert body["document"]["catalogue"]["version"] == "1.0.0"
    assert body["result"]["overall"]["method"] == 1
    exported = json.loads(client.get(f"/a/{token}/export.json").data)
    assert exported["catalogue"]["version"] == "1.0.0"


def test_editing_a_v1_row_offers_the_migration_first(client):
    token = _import_v1(client)
    response = client.get(f"/a/{token}/review")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/a/{token}/migrate")


def test_the_offer_lists_the_changes_and_changes_nothing(app, client):
    token = _import_v1(client)
    before = _row(app, token)
    page = client.get(f"/a/{token}/migrate")
    assert page.status_code == 200
    library = load_library(ROOT)
    mapping = library.mapping("1.0.0", "2.0.0")
    assert mapping is not None
    listed = page.text.split('class="mapping"')[1].split("</ul>")[0]
    items = [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in listed.split("<li>")[1:]]
    # the page says what the CLI says, ids kept and words translatable
    lines = describe(library.get("1.0.0"), library.get("2.0.0"), mapping)
    assert [line.replace("->", "→") for line in lines] == [i.replace("&gt;", ">") for i in items]
    assert "Accept and move to 2.0.0" in page.text
    after = _row(app, token)
    assert (after.catalogue_version, after.answers) == ("1.0.0", before.answers)


def test_a_post_without_csrf_does_not_migrate(app, client):
    token = _import_v1(client)
    response = client.post(f"/a/{token}/migrate", data={})
    assert response.status_code == 200
    assert _row(app, token).catalogue_version == "1.0.0"


def test_accepting_migrates_and_ask_again_questions_show_unanswered(app, client):
    token = _import_v1(client)
    before = _row(app, token)
    library = load_library(ROOT)
    v1, v2 = library.get("1.0.0"), library.get("2.0.0")
    planned = migrate(
        v1, v2, library.mapping("1.0.0", "2.0.0"), before.activity_model(), before.answer_models()
    )
    assert planned.to_ask, "the example has answers to ask again"
    offer = client.get(f"/a/{token}/migrate")
    response = client.post(f"/a/{token}/migrate", data={"csrf_token": csrf_from(offer.text)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/a/{token}/review")
    row = _row(app, token)
    assert row.catalogue_version == "2.0.0"
    assert set(row.answers) == set(planned.answers)
    assert not set(planned.to_ask) & set(row.answers)
    review = client.get(f"/a/{token}/review")
    assert review.status_code == 200
    for qid in planned.to_ask:
        assert f"question-{qid}" in review.text or qid in review.text
    result = client.get(f"/a/{token}/result")
    assert "answered on catalogue 1.0.0" not in result.text
    assert "Conduct score" in result.text and "Transparency and cooperation" in result.text


def test_the_step_page_reads_for_the_phase_and_says_where_to_find_and_what_unknown_counts_as(
    client,
):
    from tests.web.helpers import create

    token = create(client, perspective="other", phase="proposed", kinds=["rpo"])
    question = load_library(ROOT).current.question("notice_lead_time")
    page = client.get(f"/a/{token}/step/notice").text.replace("&#39;", "'").replace("&#34;", '"')
    assert question.phase_text["proposed"] in page
    assert question.text not in page or question.text == question.phase_text["proposed"]
    assert "Where to find it:" in page
    assert question.where_to_find[:40] in page
    means = question.option(question.unknown_means)
    assert f"it counts as “{means.label}”" in page.replace("&#34;", '"')
