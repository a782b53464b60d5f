"""Pairing two readings, the consultation page, the API and the command line."""

import io
import json

from sqlalchemy import select

from assessment.exchange import dump_document
from assessment.web.assessments import store
from assessment.web.assessments.models import Assessment
from assessment.web.consultations.models import Pairing
from assessment.web.db import db
from assessment.web.library import get_catalogue
from tests.app_helpers import csrf_from
from tests.consultation_helpers import acting_state, affected_state, contested_question
from tests.core_helpers import ROOT


def stored_pair(app) -> tuple[str, str, str, str, str]:
    """Ours and theirs stored: (our edit, our share, their edit, their share, contested id)."""
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
        a = store.new_row(cat, ours.activity, dict(ours.answers))
        b = store.new_row(cat, theirs.activity, dict(theirs.answers))
        db.session.add_all([a, b])
        db.session.commit()
        return (
            a.edit_token,
            a.share_token,
            b.edit_token,
            b.share_token,
            contested_question(cat, ours),
        )


def pair(client, edit: str, link: str):
    page = client.get(f"/a/{edit}/consultations")
    assert page.status_code == 200
    return client.post(
        f"/a/{edit}/consultations/link", data={"link": link, "csrf_token": csrf_from(page.text)}
    )


def test_pairing_by_share_link_shows_the_agenda_with_the_contested_red_line_first(app, client):
    edit, _, _, their_share, contested = stored_pair(app)
    response = pair(client, edit, f"http://localhost/s/{their_share}")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    with app.app_context():
        question = get_catalogue().question(contested)
    agenda = page.text.split('id="agenda-h"')[1]
    assert question.text in agenda.split("</li>")[0]
    assert "Factual disagreement" in agenda and "Information gap" in agenda
    assert "<b>shows</b>" not in page.text and "&lt;b&gt;shows&lt;/b&gt;" in page.text
    # pairing again with the same link keeps one pairing
    again = pair(client, edit, their_share)
    assert again.headers["Location"] == response.headers["Location"]
    with app.app_context():
        assert db.session.query(Pairing).count() == 1


def test_pairing_never_uses_an_edit_link_and_is_seen_only_by_the_side_that_paired(app, client):
    edit, share, their_edit, their_share, _ = stored_pair(app)
    refused = pair(client, edit, f"http://localhost/a/{their_edit}")
    assert refused.status_code == 400
    assert "edit link" in refused.text
    assert pair(client, edit, "not a link").status_code == 400
    assert pair(client, edit, f"/s/{share}").status_code == 400  # its own share link
    paired = pair(client, edit, f"/s/{their_share}")
    url = paired.headers["Location"]
    pairing_id = url.rsplit("/", 1)[1]
    # the other side sees no pairing, and cannot open ours with its own edit link
    assert "Paired readings" not in client.get(f"/a/{their_edit}/consultations").text
    assert client.get(f"/a/{their_edit}/consultations/{pairing_id}").status_code == 404
    # a share link gives no way in
    assert client.get(f"/a/{share}/consultations").status_code == 404
    assert client.get(f"/a/{share}/consultations/{pairing_id}").status_code == 404


def test_import_pairs_with_a_file_and_bad_files_store_nothing(app, client):
    edit, *_ = stored_pair(app)
    with app.app_context():
        cat = get_catalogue()
        theirs = affected_state(cat, acting_state(cat))
    page = client.get(f"/a/{edit}/consultations")
    data = {"csrf_token": csrf_from(page.text)}
    bad = client.post(
        f"/a/{edit}/consultations/import",
        data={**data, "file": (io.BytesIO(b"{not json"), "theirs.json")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "Nothing was paired" in bad.text
    good = client.post(
        f"/a/{edit}/consultations/import",
        data={**data, "file": (io.BytesIO(dump_document(theirs).encode()), "t.json")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    assert client.get(good.headers["Location"]).status_code == 200
    with app.app_context():
        assert db.session.query(Pairing).count() == 1


def test_unpair_and_deleting_the_other_reading_remove_the_pairing(app, client):
    edit, _, their_edit, their_share, _ = stored_pair(app)
    url = pair(client, edit, f"/s/{their_share}").headers["Location"]
    page = client.get(url)
    response = client.post(url + "/unpair", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 302
    assert client.get(url).status_code == 404
    pair(client, edit, f"/s/{their_share}")
    with app.app_context():
        other = db.session.scalar(select(Assessment).where(Assessment.edit_token == their_edit))
        db.session.delete(other)
        db.session.commit()
        assert db.session.query(Pairing).count() == 0


def test_api_consultations_from_documents_and_share_tokens(app, client):
    edit, share, _, their_share, contested = stored_pair(app)
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
    body = {
        "ours": json.loads(dump_document(ours)),
        "theirs": json.loads(dump_document(theirs)),
    }
    response = client.post("/api/v1/consultations", json=body)
    assert response.status_code == 200, response.text
    data = response.json
    assert data["agenda"][0]["question_id"] == contested
    first = data["agenda"][0]
    assert {"question_id", "measure", "channels", "gain", "gap", "ask"} <= set(first)
    assert first["measure"] and first["channels"] and first["ask"]
    row = next(q for q in data["questions"] if q["question_id"] == contested)
    assert row["gap"] == "factual_disagreement"
    assert row["ours_option"] == ours.answers[contested].option
    assert row["theirs_option"] == theirs.answers[contested].option
    assert {q["gap"] for q in data["questions"]} <= {
        "agreement",
        "information_gap",
        "factual_disagreement",
        "reading_disagreement",
    }
    by_token = client.post("/api/v1/consultations", json={"ours": share, "theirs": their_share})
    assert by_token.status_code == 200
    assert by_token.json["agenda"] == data["agenda"]
    # an edit token is not a share token: it finds nothing
    assert (
        client.post("/api/v1/consultations", json={"ours": edit, "theirs": share}).status_code
        == 404
    )
    # pairing from the API keeps the pairing on our stored assessment
    paired = client.post("/api/v1/consultations", json={"edit_token": edit, "theirs": their_share})
    assert paired.status_code == 201
    assert client.get(paired.json["pairing"]["url"]).status_code == 200


def test_api_consultations_refuses_bad_requests_with_json_errors(client):
    assert client.post("/api/v1/consultations", data="x").status_code == 415
    missing = client.post("/api/v1/consultations", json={"theirs": "abc"})
    assert missing.status_code == 400 and missing.json["error"]
    extra = client.post("/api/v1/consultations", json={"theirs": "abc", "ours": "x", "more": 1})
    assert extra.status_code == 400
    assert any(p["path"] == "more" for p in extra.json["problems"])
    broken = client.post(
        "/api/v1/consultations",
        json={"ours": {"format": "due-regard/assessment"}, "theirs": "abc"},
    )
    assert broken.status_code == 400


def test_consult_command_prints_the_agenda_and_json(runner, app, tmp_path):
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
        contested = contested_question(cat, ours)
    (tmp_path / "ours.json").write_text(dump_document(ours))
    (tmp_path / "theirs.json").write_text(dump_document(theirs))
    args = ["consult", str(tmp_path / "ours.json"), str(tmp_path / "theirs.json")]
    text = runner.invoke(args=args)
    assert text.exit_code == 0, text.output
    assert "Consultation agenda" in text.output
    assert f"1. [Factual disagreement] {contested}" in text.output
    as_json = runner.invoke(args=[*args, "--json"])
    data = json.loads(as_json.output)
    assert data["agenda"][0]["question_id"] == contested
    (tmp_path / "bad.json").write_text("{}")
    bad = runner.invoke(args=["consult", str(tmp_path / "ours.json"), str(tmp_path / "bad.json")])
    assert bad.exit_code == 1 and "bad.json" in bad.output


def test_result_page_shows_the_path_to_the_next_band(app, client):
    """The affected State's reading crosses a red line: the path names it, as a step when it
    can still change, or as a harm done that no step undoes."""
    _, _, their_edit, _, contested = stored_pair(app)
    page = client.get(f"/a/{their_edit}", follow_redirects=True)
    assert page.status_code == 200
    section = page.text.split('id="path-h"')[1].split("</section>")[0]
    with app.app_context():
        question = get_catalogue().question(contested)
    assert "Path to" in page.text
    assert question.text in section


def test_consult_command_carries_a_reading_on_an_older_catalogue_forward(runner):
    old = ROOT / "tests" / "data" / "v1" / "unannounced_approach.json"
    new = ROOT / "examples" / "unannounced_approach.json"
    result = runner.invoke(args=["consult", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["catalogue"]["version"] != "1.0.0"
    assert any("answered on catalogue 1.0.0" in note for note in data["notes"])
