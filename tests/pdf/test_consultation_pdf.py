"""The consultation brief PDF: its text read back, and both readings attached for re-import;
the report's path to the next band."""

import io
import json

import pytest
from pypdf import PdfReader

from assessment.exchange import dump_document, read_document
from assessment.web.assessments import store
from assessment.web.db import db
from assessment.web.library import get_catalogue
from tests.app_helpers import csrf_from, make_app
from tests.consultation_helpers import acting_state, affected_state, contested_question


@pytest.fixture
def app(tmp_path, database_url):
    """A loaded machine renders slowly: a render limit that fails on errors, not on load."""
    app = make_app(tmp_path, database_url, PDF_TIME_LIMIT=180)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def test_brief_pdf_has_the_agenda_and_both_readings_attached(app, client):
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
        question = cat.question(contested_question(cat, ours))
        a = store.new_row(cat, ours.activity, dict(ours.answers))
        b = store.new_row(cat, theirs.activity, dict(theirs.answers))
        db.session.add_all([a, b])
        db.session.commit()
        edit, their_share = a.edit_token, b.share_token
    page = client.get(f"/a/{edit}/consultations")
    paired = client.post(
        f"/a/{edit}/consultations/link",
        data={"link": f"/s/{their_share}", "csrf_token": csrf_from(page.text)},
    )
    response = client.get(paired.headers["Location"] + "/brief.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "Consultation agenda" in text
    assert "Factual disagreement".upper() in text.upper()
    assert question.text.split()[0] in text
    assert len(reader.pages) <= 12
    attached = reader.attachments
    assert set(attached) == {"due-regard-ours.json", "due-regard-theirs.json"}
    with app.app_context():
        cat = get_catalogue()
        back_ours = read_document(cat, attached["due-regard-ours.json"][0])
        back_theirs = read_document(cat, attached["due-regard-theirs.json"][0])
    assert back_ours.answers == ours.answers and back_ours.activity == ours.activity
    assert back_theirs.answers == theirs.answers


def test_report_pdf_carries_the_path_and_its_reading_for_flask_consult(app, client, tmp_path):
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
        row = store.new_row(cat, theirs.activity, dict(theirs.answers))
        db.session.add(row)
        db.session.commit()
        edit = row.edit_token
    response = client.get(f"/a/{edit}/report.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "Path to" in text
    (tmp_path / "ours.json").write_text(dump_document(ours))
    (tmp_path / "theirs.pdf").write_bytes(response.data)
    args = ["consult", str(tmp_path / "ours.json"), str(tmp_path / "theirs.pdf"), "--json"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["theirs"]["title"] == theirs.activity.title


def test_the_consultation_brief_is_printed_in_the_language_asked_for(app, client):
    with app.app_context():
        cat = get_catalogue()
        ours = acting_state(cat)
        theirs = affected_state(cat, ours)
        a = store.new_row(cat, ours.activity, dict(ours.answers))
        b = store.new_row(cat, theirs.activity, dict(theirs.answers))
        db.session.add_all([a, b])
        db.session.commit()
        edit, their_share = a.edit_token, b.share_token
        question = get_catalogue(language="es").question(contested_question(cat, ours))
    page = client.get(f"/a/{edit}/consultations")
    paired = client.post(
        f"/a/{edit}/consultations/link",
        data={"link": f"/s/{their_share}", "csrf_token": csrf_from(page.text)},
    )
    url = paired.headers["Location"] + "/brief.pdf"
    refused = client.get(f"{url}?lang=xx")
    assert refused.status_code == 400 and "zh (中文), en (English), fr (Français)" in refused.text
    response = client.get(f"{url}?lang=es")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].endswith('-es.pdf"')
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "Orden del día de la consulta" in text and "Consultation agenda" not in text
    assert question.text.split()[0] in text
