"""flask criteria: check lists the translations with their review status; translation-template
prints a skeleton the loader accepts once translated; show --lang shows a translation."""

import json

from assessment.catalogue import load_catalogue
from assessment.scenarios import load_scenarios
from assessment.translation_loader import parse_catalogue_translation, parse_scenario_translation
from assessment.web.config import ROOT
from tests.app_helpers import make_app
from tests.translation_helpers import write_catalogue_translation, write_scenario_translation

CAT = load_catalogue(ROOT / "criteria.yaml")
V1 = load_catalogue(ROOT / "catalogues" / "1.0.0.yaml")
SCENARIOS = load_scenarios(ROOT / "scenarios", CAT)


def runner_with_translations(tmp_path):
    catalogues, scenarios = tmp_path / "ct", tmp_path / "st"

    def reviewed(data: dict) -> None:
        data["translation"].update(reviewed=True, reviewed_by="M. Dupont")

    write_catalogue_translation(catalogues, CAT, "fr", edit=reviewed)
    write_catalogue_translation(catalogues, CAT, "zh")
    write_scenario_translation(scenarios, SCENARIOS.values(), CAT, "fr")
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.db'}",
        CATALOGUE_TRANSLATIONS_PATH=str(catalogues),
        SCENARIO_TRANSLATIONS_PATH=str(scenarios),
    )
    return app.test_cli_runner(), catalogues


def test_check_lists_each_translation_with_its_review_status(tmp_path):
    runner, catalogues = runner_with_translations(tmp_path)
    result = runner.invoke(args=["criteria", "check"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"  catalogue 2.0.0  fr  reviewed by M. Dupont  {catalogues}/2.0.0/fr.yaml" in lines
    assert any(
        line.startswith("  catalogue 2.0.0  zh  NOT REVIEWED by a qualified translator")
        for line in lines
    )
    assert any(line.startswith("  scenarios        fr  NOT REVIEWED") for line in lines)


def test_check_says_when_there_are_none(tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    app = make_app(
        tmp_path,
        f"sqlite:///{tmp_path / 'test.db'}",
        CATALOGUE_TRANSLATIONS_PATH=str(empty),
        SCENARIO_TRANSLATIONS_PATH=str(empty),
    )
    result = app.test_cli_runner().invoke(args=["criteria", "check"])
    assert "none: every text is served in English" in result.output


def test_the_template_command_prints_what_the_loader_accepts(runner):
    result = runner.invoke(args=["criteria", "translation-template", "ru"])
    assert result.exit_code == 0, result.output
    loaded = parse_catalogue_translation(result.output, CAT, "ru.yaml", "ru").translation
    assert loaded.translation.language == "ru" and not loaded.translation.reviewed
    assert loaded.questions["passivation"].text == CAT.question("passivation").text

    result = runner.invoke(args=["criteria", "translation-template", "ru", "--version", "1.0.0"])
    assert parse_catalogue_translation(result.output, V1).translation.translation.version == "1.0.0"

    result = runner.invoke(args=["criteria", "translation-template", "ar", "--scenarios"])
    scenarios = parse_scenario_translation(result.output, SCENARIOS.values(), CAT)
    assert set(scenarios.translation.scenarios) == set(SCENARIOS)

    result = runner.invoke(args=["criteria", "translation-template", "ar", "--version", "9.0.0"])
    assert result.exit_code == 1 and "no catalogue version 9.0.0" in result.output


def test_show_in_a_language(tmp_path):
    runner, _ = runner_with_translations(tmp_path)
    result = runner.invoke(args=["criteria", "show", "--lang", "fr", "--json"])
    data = json.loads(result.output)
    assert data["catalogue"]["language"] == "fr"
    assert data["criteria"][0]["title"] == f"[fr] {CAT.criteria[0].title}"
    assert data["criteria"][0]["source"]["quote"] == CAT.criteria[0].source.quote
    result = runner.invoke(args=["criteria", "show", "--lang", "es"])
    assert "no translation into 'es': the English source is shown" in result.output
    assert CAT.catalogue.title in result.output
