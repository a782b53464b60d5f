"""The library serves the catalogue and the scenarios in the page's language from the
translation files, and a broken translation stops start-up like a broken catalogue."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask_babel import force_locale

from assessment.catalogue import load_catalogue
from assessment.scenarios import load_scenarios
from assessment.translation_loader import TranslationLibraryError
from assessment.web.config import ROOT
from assessment.web.library import (
    catalogue_translation_status,
    get_catalogue,
    get_scenarios,
    scenarios_translation_status,
    source_catalogue,
)
from tests.app_helpers import make_app
from tests.translation_helpers import write_catalogue_translation, write_scenario_translation

CAT = load_catalogue(ROOT / "criteria.yaml")
V1 = load_catalogue(ROOT / "catalogues" / "1.0.0.yaml")
SCENARIOS = load_scenarios(ROOT / "scenarios", CAT)


def sqlite(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"  # translations do not touch the database


def translated_app(tmp_path: Path, **extra):
    catalogues, scenarios = tmp_path / "ct", tmp_path / "st"
    write_catalogue_translation(catalogues, CAT, "fr")
    write_catalogue_translation(catalogues, V1, "fr")
    write_scenario_translation(scenarios, SCENARIOS.values(), CAT, "fr")
    return make_app(
        tmp_path,
        sqlite(tmp_path),
        CATALOGUE_TRANSLATIONS_PATH=str(catalogues),
        SCENARIO_TRANSLATIONS_PATH=str(scenarios),
        **extra,
    )


def test_the_catalogue_comes_in_the_page_language(tmp_path):
    app = translated_app(tmp_path)
    with app.test_request_context("/?lang=fr"):
        french = get_catalogue()
        assert french.language == "fr"
        assert french.criteria[0].title == f"[fr] {CAT.criteria[0].title}"
        assert get_catalogue("1.0.0").language == "fr"
        assert get_catalogue("1.0.0").version == "1.0.0"
        assert get_catalogue(language="en").criteria[0].title == CAT.criteria[0].title
        assert source_catalogue().language == "en"
        status = catalogue_translation_status()
        assert (status.exists, status.reviewed, status.unreviewed) == (True, False, True)
        assert len(status.digest) == 64
    with app.test_request_context("/?lang=ar"):  # no Arabic file: the English source
        assert get_catalogue().language == "en"
        assert get_catalogue().criteria[0].title == CAT.criteria[0].title
        status = catalogue_translation_status()
        assert (status.exists, status.digest) == (False, "source")
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert get_catalogue().language == "fr"
    with app.app_context():  # outside a request: the source, unless a locale is forced
        assert get_catalogue().language == "en"
        with force_locale("fr"):
            assert get_catalogue().language == "fr"
        assert get_catalogue(language="fr").language == "fr"


def test_the_scenarios_come_in_the_page_language(tmp_path):
    app = translated_app(tmp_path)
    with app.test_request_context("/?lang=fr"):
        french = get_scenarios()
        assert list(french) == list(SCENARIOS)
        first = next(iter(SCENARIOS.values()))
        assert french[first.id].title == f"[fr] {first.title}"
        assert french[first.id].reference_options() == first.reference_options()
        assert scenarios_translation_status().unreviewed
        assert get_scenarios("es")[first.id].title == first.title
        assert not scenarios_translation_status("es").exists


def test_no_translation_files_serve_the_source_everywhere(tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    app = make_app(
        tmp_path,
        sqlite(tmp_path),
        CATALOGUE_TRANSLATIONS_PATH=str(empty),
        SCENARIO_TRANSLATIONS_PATH=str(empty),
    )
    with app.test_request_context("/?lang=zh"):
        assert get_catalogue() is get_catalogue(language="en")
        assert get_scenarios() == get_scenarios("en")


def test_a_translation_with_a_wrong_id_stops_create_app(tmp_path):
    folder = tmp_path / "ct"

    def misspell(data: dict) -> None:
        data["questions"]["passivatoin"] = data["questions"].pop("passivation")

    path = write_catalogue_translation(folder, CAT, "fr", edit=misspell)
    line = next(
        i for i, text in enumerate(path.read_text().splitlines(), 1) if "passivatoin:" in text
    )
    with pytest.raises(TranslationLibraryError) as caught:
        make_app(tmp_path, sqlite(tmp_path), CATALOGUE_TRANSLATIONS_PATH=str(folder))
    assert (
        f"{path}:{line}: questions.passivatoin: unknown question 'passivatoin': "
        "catalogue due_regard 2.0.0 has none"
    ) in str(caught.value)


def test_a_broken_scenario_translation_stops_create_app(tmp_path):
    folder = tmp_path / "st"
    path = write_scenario_translation(
        folder, SCENARIOS.values(), CAT, "fr", edit=lambda d: d["translation"].update(language="es")
    )
    with pytest.raises(TranslationLibraryError) as caught:
        make_app(tmp_path, sqlite(tmp_path), SCENARIO_TRANSLATIONS_PATH=str(folder))
    assert f"{path}:4: translation.language: language 'es' does not match" in str(caught.value)


def _flask(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    flask = str(Path(sys.executable).with_name("flask"))
    return subprocess.run(
        [flask, "--app", "app", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_flask_criteria_check_refuses_a_broken_translation(tmp_path):
    folder = tmp_path / "ct"
    path = write_catalogue_translation(
        folder, CAT, "fr", edit=lambda d: d["translation"].update(version="1.0.0")
    )
    done = _flask(
        ["criteria", "check"],
        {
            "DUE_REGARD_CATALOGUE_TRANSLATIONS_PATH": str(folder),
            "DUE_REGARD_INSTANCE_PATH": str(tmp_path / "instance"),
        },
    )
    assert done.returncode != 0
    assert "the translations are broken, so the app cannot start" in done.stderr
    assert (
        f"{path}:3: translation.version: translates version 1.0.0; this catalogue is 2.0.0"
        in done.stderr
    )
