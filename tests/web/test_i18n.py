"""Interface languages: the switch, the remembered choice, Accept-Language, direction, formats."""

import re
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from assessment.web.db import db
from assessment.web.filters import num, pct, signed, when
from assessment.web.i18n import COOKIE
from tests.app_helpers import csrf_from, make_app
from tests.web.helpers import create, create_at_step

HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


@pytest.fixture
def app(tmp_path) -> Flask:
    """SQLite only: what is tested here does not depend on the database."""
    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'i18n.db'}")
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


def html_tag(text: str) -> tuple[str, str]:
    match = HTML_TAG.search(text)
    assert match, "no <html lang dir>"
    return match.group(1), match.group(2)


def test_english_without_any_preference(client):
    page = client.get("/")
    assert html_tag(page.text) == ("en", "ltr")
    assert "Start a new assessment" in page.text
    assert "machine drafting" not in page.text


@pytest.mark.parametrize(
    ("header", "tag", "direction", "phrase"),
    [
        ("ar", "ar", "rtl", "بدء تقييم جديد"),
        ("zh-CN,zh;q=0.9", "zh-Hans", "ltr", "开始新的评估"),
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr", "ltr", "Commencer une nouvelle évaluation"),
        ("ru", "ru", "ltr", "Начать новую оценку"),
        ("es-419", "es", "ltr", "Iniciar una nueva evaluación"),
        ("de, en;q=0.5", "en", "ltr", "Start a new assessment"),
        ("de", "en", "ltr", "Start a new assessment"),
    ],
)
def test_accept_language_picks_the_best_served_language(client, header, tag, direction, phrase):
    page = client.get("/", headers={"Accept-Language": header})
    assert html_tag(page.text) == (tag, direction)
    assert phrase in page.text
    assert "Accept-Language" in page.headers["Vary"] and "Cookie" in page.headers["Vary"]


def test_the_switch_is_on_every_page_and_remembers_the_choice(client):
    token = create(client)
    pages = ["/", "/new", "/method", "/compare", f"/a/{token}/review", f"/a/{token}/result"]
    for path in pages:
        text = client.get(path).text
        for code in ("ar", "zh", "en", "fr", "ru", "es"):
            assert f'href="/language/{code}?next=' in text, (path, code)
    response = client.get(f"/language/ru?next=/a/{token}/review")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/a/{token}/review"
    assert f"{COOKIE}=ru" in response.headers["Set-Cookie"]
    # The choice beats the browser's own preference, on every later page.
    page = client.get(f"/a/{token}/review", headers={"Accept-Language": "fr"})
    assert html_tag(page.text) == ("ru", "ltr")
    assert "Проверка" in page.text
    assert 'aria-current="true">Русский<' in page.text


def test_the_switch_keeps_the_query_of_the_page_it_was_used_on(client):
    page = client.get("/?q=orbit")
    assert 'href="/language/fr?next=/?q%3Dorbit"' in page.text
    response = client.get("/language/fr?next=/?q%3Dorbit")
    assert response.headers["Location"] == "/?q=orbit"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x", ""]
)
def test_the_switch_never_sends_anyone_off_site(client, target):
    response = client.get("/language/fr", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_remembered(client):
    response = client.get("/language/xx?next=/")
    assert response.status_code == 302
    assert "Set-Cookie" not in response.headers
    client.set_cookie(COOKIE, "klingon")
    assert html_tag(client.get("/").text) == ("en", "ltr")


def test_lang_parameter_names_the_language_of_one_request(client):
    client.set_cookie(COOKIE, "fr")
    assert html_tag(client.get("/?lang=ar").text) == ("ar", "rtl")
    assert html_tag(client.get("/").text) == ("fr", "ltr")


def test_unreviewed_translations_say_so_in_the_footer(client):
    for code, phrase in (
        ("fr", "n’a pas encore été révisée par un traducteur qualifié"),
        ("ar", "لم يراجعها بعد مترجم مؤهل"),
        ("zh", "尚未经合格译员审校"),
    ):
        assert phrase in client.get(f"/?lang={code}").text


def test_flash_messages_and_form_labels_are_translated(client):
    page = client.get("/new?lang=fr")
    assert "Titre de l’activité" in page.text
    assert "Types d’activité" in page.text
    response = client.post("/new?lang=fr", data={"csrf_token": csrf_from(page.text), "title": ""})
    assert response.status_code == 400  # a rejected form says so (issue 11)
    assert "Rien n’a été enregistré" in response.text
    assert "Ce champ est obligatoire." in response.text
    assert "Choisissez au moins un type d’activité." in response.text
    client.set_cookie(COOKIE, "es")
    _token, step = create_at_step(client)
    assert "Evaluación creada." in client.get(step).text


def test_wtforms_own_messages_follow_the_language(client):
    _token, step = create_at_step(client)
    page = client.get(f"{step}?lang=ru")
    revision = page.text.split('name="revision" value="')[1].split('"')[0]
    first = re.search(r'name="(q_[^"]+)"', page.text).group(1)
    response = client.post(
        f"{step}?lang=ru",
        data={"csrf_token": csrf_from(page.text), "revision": revision, first: "nonsense"},
    )
    assert response.status_code == 400
    assert "Not a valid choice" not in response.text
    assert "Ничего не сохранено" in response.text


def test_error_pages_are_translated_but_api_errors_stay_english(client):
    page = client.get("/no/such/page", headers={"Accept-Language": "zh"})
    assert page.status_code == 404
    assert "此地址没有任何内容" in page.text
    problem = client.get("/api/v1/no-such-thing", headers={"Accept-Language": "zh"})
    assert problem.status_code == 404
    assert problem.get_json()["error"].startswith("Not found: There is nothing at this address")


def test_autosave_messages_are_translated(client):
    _token, step = create_at_step(client)
    page = client.get(f"{step}?lang=ar")
    assert 'data-saved="تم الحفظ."' in page.text
    revision = page.text.split('name="revision" value="')[1].split('"')[0]
    response = client.post(
        f"{step}?lang=ar",
        data={"csrf_token": csrf_from(page.text), "revision": revision, "autosave": "1"},
    )
    assert response.get_json()["message"] == "تم الحفظ."


def test_numbers_percentages_and_dates_follow_the_locale(app):
    moment = datetime(2026, 3, 5, 14, 7)
    expected = {
        "en": ("1,234.5", "+3.2", "-0.5", "42%", "Mar 5, 2026, 14:07"),
        "fr": ("1\u202f234,5", "+3,2", "-0,5", "42\u00a0%", "5 mars 2026, 14:07"),
        "ru": ("1\u00a0234,5", "+3,2", "-0,5", "42\u00a0%", "5 мар. 2026\u202fг., 14:07"),
        "es": ("1.234,5", "+3,2", "-0,5", "42\u00a0%", "5 mar 2026, 14:07"),
        "zh": ("1,234.5", "+3.2", "-0.5", "42%", "2026年3月5日 14:07"),
    }
    with app.test_request_context("/"):
        for code, (plain, plus, minus, share, date) in expected.items():
            with force_locale(code):
                assert num(1234.51, 1) == plain, code
                assert signed(3.24, 1) == plus, code
                assert signed(-0.46, 1) == minus, code
                assert pct(0.4249) == share, code
                assert when(moment) == date, code
        with force_locale("ar"):
            assert "%" in pct(0.42) and "42" in pct(0.42)
            assert num(None) == "–"


def test_rounding_is_the_same_in_every_language(app):
    """Babel only writes the figure: the digits are Python's rounding, as in the PDF and CLI."""
    with app.test_request_context("/"):
        for value in (0.5, 1.5, 2.5, 49.95, 0.125, 99.99):
            english = f"{value:.1f}"
            with force_locale("fr"):
                assert num(value, 1) == english.replace(".", ",")
            with force_locale("en"):
                assert num(value, 1) == english
                assert num(value) == f"{value:.0f}"


def test_a_pdf_depends_on_the_language_asked_for_not_the_page_language(app):
    """The report's language is chosen at download: the same request for a report in English
    (or in French) gives the same document whatever the page's language, and English and French
    documents differ."""
    from datetime import date
    from pathlib import Path

    from assessment.exchange import read_document
    from assessment.web.library import get_catalogue
    from assessment.web.pdf import documents
    from assessment.web.pdf.language import report_language

    example = Path(__file__).parents[2] / "examples" / "unannounced_approach.json"
    cover = documents.CoverDetails(date(2026, 3, 5), prepared_by="", marking="")
    by_language: dict[str, list[str]] = {"en": [], "fr": []}
    for headers in ({}, {"Accept-Language": "fr"}, {"Accept-Language": "ar"}):
        with app.test_request_context("/", headers=headers):
            catalogue = get_catalogue()
            doc = read_document(catalogue, example.read_bytes(), example.name)
            for code, pages in by_language.items():
                job = documents.report_job(catalogue, doc, cover, report_language(code))
                pages.append(job.build().html)
    english, french = by_language["en"], by_language["fr"]
    assert english[0] == english[1] == english[2]
    assert french[0] == french[1] == french[2]
    assert english[0] != french[0]
    assert re.search(r"\+\d+\.\d", english[0]), "a one-decimal gain, written the English way"
    assert re.search(r"\+\d+,\d", french[0]), "and the French way in French"


def test_special_answers_read_the_same_in_english_on_screen_and_in_the_report(app):
    from assessment.report import SPECIAL_LABELS
    from assessment.web.assessments.forms import SPECIAL_CHOICE_LABELS

    with app.test_request_context("/"):
        assert {k: str(v) for k, v in SPECIAL_CHOICE_LABELS.items()} == SPECIAL_LABELS
        with force_locale("fr"):
            assert str(SPECIAL_CHOICE_LABELS["unknown"]) == "Inconnu / non rendu public"
