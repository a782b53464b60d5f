"""The JSON API speaks English unless ``?lang=`` names one of the six: a machine client's texts
never depend silently on its Accept-Language header or the site's language cookie."""

from typing import Any

import pytest

from assessment.web.i18n import COOKIE
from assessment.web.library import get_catalogue
from tests.core_helpers import ROOT
from tests.web.helpers import create
from tests.web.training_helpers import start_session

EXAMPLE = (ROOT / "examples" / "destructive_test.json").read_text()
SIX = "ar, zh, en, fr, ru, es"


def ids_and_figures(value: Any, key: str = "") -> Any:
    """What must not depend on the language: every number, flag and id; other text left out."""
    if isinstance(value, dict):
        return {k: ids_and_figures(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [ids_and_figures(v, key) for v in value]
    if isinstance(value, str):
        is_id = key == "id" or key.endswith(("_id", "_ids", "band")) or "_" in value
        return value if is_id else None
    return value


def english_french(client, method: str, url: str, **kwargs) -> tuple[Any, Any, Any]:
    """The same request three ways: plain, with Accept-Language: fr, and with ?lang=fr."""
    call = getattr(client, method)
    joined = "&" if "?" in url else "?"
    plain = call(url, **kwargs)
    header = call(url, headers={"Accept-Language": "fr"}, **kwargs)
    french = call(f"{url}{joined}lang=fr", **kwargs)
    assert plain.status_code == header.status_code == french.status_code, url
    assert plain.status_code in (200, 201), (url, plain.get_data(as_text=True)[:300])
    return plain.json, header.json, french.json


def test_the_catalogue_ignores_accept_language_and_follows_lang(app, client):
    plain, header, french = english_french(client, "get", "/api/v1/catalogue")
    assert header == plain
    with app.test_request_context("/"):
        english_title = get_catalogue(language="en").criteria[0].title
        french_title = get_catalogue(language="fr").criteria[0].title
    assert english_title != french_title
    assert plain["criteria"][0]["title"] == english_title
    assert french["criteria"][0]["title"] == french_title
    assert ids_and_figures(french) == ids_and_figures(plain)


def test_a_score_is_english_unless_lang_and_its_figures_never_change(client):
    plain, header, french = english_french(
        client, "post", "/api/v1/score", data=EXAMPLE, content_type="application/json"
    )
    assert header == plain
    assert french != plain  # the texts (titles, recommendations) are French
    assert french["criteria"][0]["title"] != plain["criteria"][0]["title"]
    assert ids_and_figures(french) == ids_and_figures(plain)
    assert french["overall"] == plain["overall"]


def test_the_language_cookie_does_not_reach_the_api(app, client):
    token = create(client)
    plain = client.get(f"/api/v1/assessments/{token}").json
    client.set_cookie(COOKIE, "ru")
    try:
        remembered = client.get(f"/api/v1/assessments/{token}").json
        page = client.get("/")
    finally:
        client.delete_cookie(COOKIE)
    assert remembered == plain
    assert 'lang="ru"' in page.text  # the pages still follow it


def test_a_stored_assessment_and_a_training_aggregate_follow_lang_only(client):
    token = create(client)
    plain, header, french = english_french(client, "get", f"/api/v1/assessments/{token}")
    assert header == plain
    assert ids_and_figures(french) == ids_and_figures(plain)
    session = start_session(client)
    facilitator = session.facilitator_url.rstrip("/").rsplit("/", 1)[1]
    plain, header, french = english_french(
        client, "get", f"/api/v1/training/{facilitator}/aggregate"
    )
    assert header == plain
    assert ids_and_figures(french) == ids_and_figures(plain)


@pytest.mark.parametrize("lang", ["xx", "EN", "fr-FR"])
@pytest.mark.parametrize("url", ["/api/v1/catalogue", "/api/v1/openapi.json"])
def test_an_unknown_lang_is_a_400_problem_naming_the_six(client, url, lang):
    response = client.get(f"{url}?lang={lang}")
    assert response.status_code == 400
    assert response.json["error"] == f"lang must be one of: {SIX}"


def test_an_unknown_lang_is_refused_before_scoring(client):
    response = client.post("/api/v1/score?lang=xx", data=EXAMPLE, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == f"lang must be one of: {SIX}"


def test_the_openapi_document_names_the_lang_parameter_everywhere(client):
    document = client.get("/api/v1/openapi.json").json
    assert "English unless ?lang=" in document["info"]["description"]
    for path, operations in document["paths"].items():
        for operation in operations.values():
            (lang,) = [p for p in operation["parameters"] if p["name"] == "lang"]
            assert lang["in"] == "query" and lang["schema"]["default"] == "en", path
            assert lang["schema"]["enum"] == SIX.split(", "), path
            assert "400" in operation["responses"], path
