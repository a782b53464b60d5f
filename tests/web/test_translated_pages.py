"""Pages show the catalogue in the page language when a translation file gives it; exchange
files stay language-neutral whatever the page language."""

import io
import json

import pytest
from markupsafe import escape

from assessment.catalogue import load_catalogue
from assessment.web.config import ROOT
from tests.app_helpers import csrf_from, make_app
from tests.translation_helpers import write_catalogue_translation, write_scenario_translation
from tests.web.helpers import ACTIVITY, answer_all, best, create

CAT = load_catalogue(ROOT / "criteria.yaml")
KINDS = ACTIVITY["kinds"]


@pytest.fixture
def french(tmp_path):
    """An app with a (marked) French catalogue translation, and its test client."""
    from assessment.scenarios import load_scenarios

    catalogues, scenarios = tmp_path / "ct", tmp_path / "st"
    write_catalogue_translation(catalogues, CAT, "fr")
    write_scenario_translation(
        scenarios, load_scenarios(ROOT / "scenarios", CAT).values(), CAT, "fr"
    )
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.db'}",
        CATALOGUE_TRANSLATIONS_PATH=str(catalogues),
        SCENARIO_TRANSLATIONS_PATH=str(scenarios),
    )
    return app, app.test_client()


def fr(text: str) -> str:
    """A marked French text as the page writes it (escaped)."""
    return str(escape(f"[fr] {text}"))


def first_step(client, token: str):
    criterion = next(c for c in CAT.criteria if any(q.applies(KINDS) for q in c.questions))
    question = next(q for q in criterion.questions if q.applies(KINDS))
    return criterion, question, f"/a/{token}/step/{criterion.id}"


def test_the_step_page_shows_the_french_catalogue(french):
    _, client = french
    token = create(client)
    criterion, question, path = first_step(client, token)
    page = client.get(path + "?lang=fr").text
    assert fr(criterion.title) in page
    assert any(fr(text) in page for text in (question.text, *question.phase_text.values()))
    assert fr(question.options[0].label) in page
    assert fr(question.guidance) in page
    # the seed quote in the report's English, then its translation, labelled as such
    quote, gloss = str(escape(question.references.seed.quote)), fr(question.references.seed.quote)
    assert f"<q>{quote}</q>" in page
    assert "Traduction de la citation\u00a0:" in page
    assert page.index(quote) < page.index(gloss)
    # the same step in English right after: nothing French leaks through a cache
    english = client.get(path + "?lang=en").text
    assert "[fr]" not in english
    assert f"<q>{quote}</q>" in english and "Translation of the quote" not in english
    again = client.get(path + "?lang=fr").text
    assert fr(question.options[0].label) in again


def test_the_describe_and_result_pages_use_the_french_texts(french):
    _, client = french
    client.set_cookie("lang", "fr")
    describe = client.get("/new").text
    assert fr(CAT.activity_kinds[0].label) in describe
    token = create(client)
    answer_all(client, CAT, token, KINDS, best)
    result = client.get(f"/a/{token}/result").text
    assert any(fr(b.label) in result for b in CAT.bands)
    assert fr(CAT.criteria[0].title) in result


def test_the_method_page_shows_the_french_principles_and_bands(french):
    _, client = french
    page = client.get("/method?lang=fr").text
    principle = CAT.principles[0]
    assert fr(principle.title) in page
    assert principle.quote in page and fr(principle.quote) in page
    assert fr(CAT.bands[0].label) in page
    english = client.get("/method?lang=en").text
    assert str(escape(principle.title)) in english and "[fr]" not in english


def test_the_footer_says_the_catalogue_translation_is_unreviewed(french):
    _, client = french
    notice = "The criteria and scenario texts in this language are a machine-drafted translation"
    with_data_note = [client.get(f"/?lang={code}").text for code in ("fr", "es")]
    # fr has an unreviewed catalogue file; es has none (its catalogue texts are English)
    assert with_data_note[0].count('class="translation-note"') == 2
    assert with_data_note[1].count('class="translation-note"') == 1
    assert notice not in client.get("/?lang=en").text


def test_an_export_is_the_same_bytes_in_every_language_and_imports_under_any(french):
    _, client = french
    token = create(client)
    answer_all(client, CAT, token, KINDS, best)
    english = client.get(f"/a/{token}/export.json?lang=en").data
    client.set_cookie("lang", "fr")
    in_french = client.get(f"/a/{token}/export.json").data
    arabic = client.get(f"/a/{token}/export.json?lang=ar").data
    assert in_french == english == arabic
    assert b"[fr]" not in in_french
    home = client.get("/").text
    imported = client.post(
        "/import",
        data={"csrf_token": csrf_from(home), "file": (io.BytesIO(in_french), "a.json")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302, imported.text[:500]
    new_token = imported.headers["Location"].split("/")[2]
    assert json.loads(client.get(f"/a/{new_token}/export.json?lang=en").data) == json.loads(english)
