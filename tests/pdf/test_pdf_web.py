"""PDF downloads over HTTP: headers, ETag and cache, tokens, paper, import round trip."""

import io
import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from assessment.exchange import read_document
from assessment.web.assessments import store
from assessment.web.assessments.models import Assessment
from assessment.web.db import db
from assessment.web.library import get_catalogue
from assessment.web.pdf import documents, worker
from assessment.web.pdf.attachment import extract_document_json
from tests.app_helpers import csrf_from, make_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdfweb")
    app = make_app(tmp, f"sqlite:///{tmp / 'test.db'}", PDF_TIME_LIMIT=60)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def rows(web) -> dict[str, SimpleNamespace]:
    """Two stored assessments made from the examples, with report options set on one."""
    with web.app_context():
        catalogue = get_catalogue()
        made = {}
        for name in ("destructive_test", "unannounced_approach"):
            doc = read_document(catalogue, (EXAMPLES / f"{name}.json").read_bytes())
            row = store.new_row(catalogue, doc.activity, dict(doc.answers))
            db.session.add(row)
            made[name] = row
        made["destructive_test"].prepared_by = "Delegation of Tervala"
        made["destructive_test"].marking = 'Restricted "draft"; filename=evil.exe'
        db.session.commit()
        return {
            name: SimpleNamespace(
                id=r.id, edit_token=r.edit_token, share_token=r.share_token, marking=r.marking
            )
            for name, r in made.items()
        }


@pytest.fixture(scope="module")
def client(web):
    return web.test_client()


@pytest.fixture(scope="module")
def report(client, rows):
    row = rows["destructive_test"]
    started = time.perf_counter()
    response = client.get(f"/a/{row.edit_token}/report.pdf")
    response.elapsed = time.perf_counter() - started
    return response


def test_report_download_headers(report):
    assert report.status_code == 200
    assert report.mimetype == "application/pdf"
    assert report.data[:5] == b"%PDF-"
    disposition = report.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="due-regard-kestrel-2-direct-ascent')
    assert disposition.endswith('.pdf"') and disposition.isascii()
    assert report.headers["ETag"].strip('"') and "private" in report.headers["Cache-Control"]
    assert "no-cache" in report.headers["Cache-Control"]


def test_the_attached_json_is_the_export_and_the_pdf_imports_back(client, rows, report):
    row = rows["destructive_test"]
    exported = client.get(f"/a/{row.edit_token}/export.json")
    assert extract_document_json(report.data) == exported.data
    home = client.get("/")
    imported = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(report.data), "r.pdf")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302, imported.text[:500]
    token = imported.headers["Location"].split("/")[2]
    again = client.get(f"/a/{token}/export.json")
    assert json.loads(again.data) == json.loads(exported.data)
    # The report details travel in the exchange format (version 2) and survive the import.
    details = json.loads(again.data)
    assert details["format_version"] == 2
    assert details["prepared_by"] == "Delegation of Tervala"
    assert details["marking"] == row.marking


def test_a_foreign_pdf_is_refused_on_import_with_a_clear_message(client):
    home = client.get("/")
    foreign = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    response = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(foreign), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "cannot be read" in response.text or "no Due Regard assessment" in response.text


def test_if_none_match_gives_304_and_a_second_download_comes_from_the_cache(
    client, rows, report, monkeypatch
):
    row = rows["destructive_test"]
    etag = report.headers["ETag"]
    not_modified = client.get(f"/a/{row.edit_token}/report.pdf", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""
    monkeypatch.setattr(worker, "render", lambda request: pytest.fail("rendered twice"))
    started = time.perf_counter()
    again = client.get(f"/a/{row.edit_token}/report.pdf")
    assert time.perf_counter() - started < 0.5 < report.elapsed
    assert again.data == report.data and again.headers["ETag"] == etag


def test_the_share_link_serves_the_same_report(client, rows, report, monkeypatch):
    monkeypatch.setattr(worker, "render", lambda request: pytest.fail("rendered twice"))
    shared = client.get(f"/s/{rows['destructive_test'].share_token}/report.pdf")
    assert shared.status_code == 200 and shared.headers["ETag"] == report.headers["ETag"]


@pytest.mark.parametrize(
    "url",
    ["/a/nope/report.pdf", "/s/nope/report.pdf", "/blank/no_such_kind.pdf", "/blank.pdf?kinds=x"],
)
def test_unknown_tokens_and_kinds_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_changed_assessment_gets_a_new_etag(web, client, rows, report):
    row = rows["destructive_test"]
    with web.app_context():
        stored = db.session.get(Assessment, row.id)
        key_before = _key(stored)
        stored.marking = "Unclassified"
        db.session.commit()
        assert _key(stored) != key_before
        stored.marking = row.marking
        db.session.commit()


def _key(row: Assessment) -> str:
    catalogue = get_catalogue()
    cover = documents.CoverDetails(row.updated_at.date(), row.prepared_by, row.marking)
    return documents.report_job(catalogue, store.document_for(catalogue, row), cover).key


def test_paper_size_is_chosen_by_query(client, rows):
    token = rows["unannounced_approach"].share_token
    assert client.get(f"/s/{token}/report.pdf?paper=a3").status_code == 400
    letter = client.get(f"/s/{token}/report.pdf?paper=letter")
    box = PdfReader(io.BytesIO(letter.data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_comparison_report(client, rows):
    a, b = rows["destructive_test"], rows["unannounced_approach"]
    response = client.get(f"/compare/report.pdf?t={a.share_token}&t={b.share_token}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "due-regard-comparison.pdf" in response.headers["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages[:2])
    assert "Comparison of 2 assessments" in text
    assert client.get(f"/compare/report.pdf?t={a.share_token}").status_code == 400
    assert client.get(f"/compare/report.pdf?t={a.share_token}&t=nope").status_code == 404
    # An edit token opens no comparison: a forwarded comparison must never grant edit rights.
    edit = f"/compare/report.pdf?t={a.edit_token}&t={b.share_token}"
    assert client.get(edit).status_code == 404
    five = "&".join(f"t={i}{a.share_token}" for i in range(5))
    assert client.get(f"/compare/report.pdf?{five}").status_code == 400


def test_blank_questionnaire_downloads(client):
    one = client.get("/blank/rpo.pdf")
    assert one.status_code == 200 and one.data[:5] == b"%PDF-"
    assert 'filename="due-regard-questionnaire-rpo.pdf"' in one.headers["Content-Disposition"]
    two = client.get("/blank.pdf?kinds=rpo&kinds=launch")
    assert two.status_code == 200 and two.headers["ETag"] != one.headers["ETag"]


def test_the_brief_downloads_by_edit_and_share_link_and_from_the_api(client, rows):
    row = rows["destructive_test"]
    result = client.get(f"/a/{row.edit_token}/result")
    assert f"/a/{row.edit_token}/brief.pdf" in result.text
    for url in (
        f"/a/{row.edit_token}/brief.pdf",
        f"/s/{row.share_token}/brief.pdf?paper=letter",
        f"/api/v1/assessments/{row.share_token}/brief.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        reader = PdfReader(io.BytesIO(response.data))
        assert len(reader.pages) == 2 and "RESTRICTED" in reader.pages[0].extract_text()
        assert 'filename="due-regard-brief-kestrel-2' in response.headers["Content-Disposition"]
    assert client.get(f"/api/v1/assessments/{row.edit_token}/brief.pdf?paper=a3").status_code == 400
    assert client.get("/api/v1/assessments/nope/brief.pdf").status_code == 404


def test_the_api_renders_a_brief_from_a_posted_document(client):
    doc = (EXAMPLES / "constellation_launch.json").read_bytes()
    response = client.post("/api/v1/brief", data=doc, content_type="application/json")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.data)).pages) == 2
    carried = json.loads(extract_document_json(response.data))
    assert carried["activity"] == json.loads(doc)["activity"]
    options = {q: a["option"] for q, a in json.loads(doc)["answers"].items()}
    assert {q: a["option"] for q, a in carried["answers"].items()} == options
    assert (
        client.post("/api/v1/brief", data=b"{", content_type="application/json").status_code == 400
    )
    assert client.post("/api/v1/brief", data=doc).status_code == 415


def test_the_comparison_carries_each_assessment_and_import_says_what_it_is(client, rows):
    tokens = [rows["destructive_test"].share_token, rows["unannounced_approach"].share_token]
    response = client.get(f"/compare/report.pdf?t={tokens[0]}&t={tokens[1]}")
    assert response.status_code == 200
    attachments = PdfReader(io.BytesIO(response.data)).attachments
    assert sorted(attachments) == ["due-regard-assessment-A.json", "due-regard-assessment-B.json"]
    exported = client.get(f"/s/{tokens[1]}/export.json")
    assert json.loads(attachments["due-regard-assessment-B.json"][0]) == json.loads(exported.data)
    home = client.get("/")
    refused = client.post(
        "/import",
        data={"csrf_token": csrf_from(home.text), "file": (io.BytesIO(response.data), "c.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "comparison of 2 assessments" in refused.text
    assert "due-regard-assessment-A.json" in refused.text
