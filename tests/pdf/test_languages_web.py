"""The report language over HTTP: ?lang= on every PDF route and the API, an unknown language a
400 naming the six, and the cache kept per language (a French download never gets an English
file)."""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.support import Translations
from pypdf import PdfReader

from assessment.exchange import read_document
from assessment.web.assessments import store
from assessment.web.db import db
from assessment.web.i18n import COOKIE, TRANSLATIONS_DIR
from assessment.web.library import get_catalogue
from assessment.web.pdf import worker
from tests.app_helpers import make_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OFFERED = "ar (العربية), zh (中文), en (English), fr (Français), ru (Русский), es (Español)"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pdflang")
    app = make_app(tmp, f"sqlite:///{tmp / 'test.db'}", PDF_TIME_LIMIT=60)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def row(web) -> SimpleNamespace:
    with web.app_context():
        catalogue = get_catalogue()
        doc = read_document(catalogue, (EXAMPLES / "destructive_test.json").read_bytes())
        made = store.new_row(catalogue, doc.activity, dict(doc.answers))
        db.session.add(made)
        db.session.commit()
        return SimpleNamespace(edit_token=made.edit_token, share_token=made.share_token)


@pytest.fixture(scope="module")
def client(web):
    return web.test_client()


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:2])


def translate(code: str, message: str) -> str:
    return Translations.load(str(TRANSLATIONS_DIR), [code]).gettext(message)


def pdf_urls(row: SimpleNamespace) -> list[str]:
    return [
        f"/a/{row.edit_token}/report.pdf",
        f"/s/{row.share_token}/report.pdf",
        f"/a/{row.edit_token}/brief.pdf",
        f"/s/{row.share_token}/brief.pdf",
        f"/compare/report.pdf?t={row.share_token}&t={row.edit_token}",
        "/blank.pdf",
        "/blank/rpo.pdf",
        f"/api/v1/assessments/{row.share_token}/brief.pdf",
    ]


@pytest.mark.parametrize("lang", ["xx", "EN", "fr-FR", "eo"])
def test_an_unknown_report_language_is_a_400_naming_the_six(client, row, lang, monkeypatch):
    monkeypatch.setattr(worker, "render", lambda request: pytest.fail("rendered"))
    for url in pdf_urls(row):
        joined = "&" if "?" in url else "?"
        response = client.get(f"{url}{joined}lang={lang}")
        assert response.status_code == 400, url
        body = response.get_data(as_text=True)
        listed = "ar, zh, en, fr, ru, es" if url.startswith("/api/") else OFFERED
        assert listed in body, (url, body[:300])


def test_the_api_brief_refuses_an_unknown_language_before_reading_the_body(client):
    doc = (EXAMPLES / "constellation_launch.json").read_bytes()
    refused = client.post("/api/v1/brief?lang=xx", data=doc, content_type="application/json")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "lang must be one of: ar, zh, en, fr, ru, es"


def test_the_report_is_in_the_language_asked_for_whatever_the_interface(client, row):
    client.set_cookie(COOKIE, "ru")
    try:
        french = client.get(f"/a/{row.edit_token}/brief.pdf?lang=fr")
        english = client.get(f"/a/{row.edit_token}/brief.pdf?lang=en")
        default = client.get(f"/a/{row.edit_token}/brief.pdf")  # the interface's language
    finally:
        client.delete_cookie(COOKIE)
    assert french.status_code == english.status_code == default.status_code == 200
    assert translate("fr", "Actions that matter most") in text_of(french.data)
    assert "Actions that matter most" in text_of(english.data)
    assert translate("ru", "Actions that matter most") in text_of(default.data)
    assert 'filename="due-regard-brief-kestrel-2' in french.headers["Content-Disposition"]
    assert french.headers["Content-Disposition"].endswith('-fr.pdf"')


def test_the_cache_serves_each_language_its_own_file(client, row, monkeypatch):
    url = f"/s/{row.share_token}/brief.pdf"
    first = {code: client.get(f"{url}?lang={code}") for code in ("fr", "ar")}
    assert first["fr"].headers["ETag"] != first["ar"].headers["ETag"]
    monkeypatch.setattr(worker, "render", lambda request: pytest.fail("rendered twice"))
    for code, response in first.items():
        again = client.get(f"{url}?lang={code}")
        assert again.data == response.data and again.headers["ETag"] == response.headers["ETag"]
        held = client.get(f"{url}?lang={code}", headers={"If-None-Match": response.headers["ETag"]})
        assert held.status_code == 304
    other = client.get(f"{url}?lang=fr", headers={"If-None-Match": first["ar"].headers["ETag"]})
    assert other.status_code == 200 and other.data == first["fr"].data


def test_the_api_brief_is_english_unless_a_language_is_named(client, row):
    url = f"/api/v1/assessments/{row.share_token}/brief.pdf"
    english = client.get(url, headers={"Accept-Language": "fr"})
    chinese = client.get(f"{url}?lang=zh")
    assert english.status_code == chinese.status_code == 200
    assert "Actions that matter most" in text_of(english.data)
    assert translate("zh", "Actions that matter most") in text_of(chinese.data)
