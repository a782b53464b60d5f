"""Catalogue and scenario translations: the template, validation against the source (each error
naming file, path and line), and localisation that changes texts and nothing else."""

import pytest

from assessment.catalogue import load_catalogue
from assessment.errors import CatalogueError
from assessment.localise import localise, localise_scenarios
from assessment.scenarios import ScenarioError, load_scenarios
from assessment.translation_library import load_translations
from assessment.translation_loader import (
    TranslationLibraryError,
    load_catalogue_translation,
    parse_catalogue_translation,
    parse_scenario_translation,
)
from assessment.translation_template import catalogue_template, dump_template
from tests.core_helpers import CRITERIA, ROOT, V1
from tests.translation_helpers import (
    catalogue_translation,
    scenario_translation,
    write_catalogue_translation,
    write_scenario_translation,
)

CAT = load_catalogue(CRITERIA)
SCENARIOS = load_scenarios(ROOT / "scenarios", CAT)


def problems_of(data: dict, language: str = "fr", catalogue=CAT) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue_translation(dump_template(data), catalogue, f"{language}.yaml", language)
    return [p.describe(caught.value.source) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_template_is_a_valid_translation_of_every_known_version():
    for catalogue in (CAT, load_catalogue(V1)):
        text = dump_template(catalogue_template(catalogue, "fr"))
        loaded = parse_catalogue_translation(text, catalogue, "fr.yaml", "fr")
        assert loaded.translation.translation.reviewed is False
        assert len(loaded.digest) == 64


def test_the_template_holds_every_text_a_page_shows():
    data = catalogue_template(CAT, "fr")
    question = data["questions"]["passivation"]
    assert question["text"] == CAT.question("passivation").text
    assert question["quote_gloss"] == CAT.question("passivation").references.seed.quote
    assert set(data["criteria"]) == {c.id for c in CAT.criteria}
    assert set(data["norms"]) == {n.id for n in CAT.norms}


def test_a_shared_scale_is_translated_once_and_labels_its_questions():
    v1 = load_catalogue(V1)
    data = catalogue_translation(v1)
    on_scale = next(q for _, q in v1.questions() if q.scale)
    assert "options" not in data["questions"][on_scale.id]
    assert set(data["scales"][on_scale.scale]["options"]) == {o.id for o in on_scale.options}
    translation = parse_catalogue_translation(dump_template(data), v1, "fr.yaml", "fr")
    french = localise(v1, translation.translation).question(on_scale.id)
    assert [o.label for o in french.options] == [f"[fr] {o.label}" for o in on_scale.options]
    assert [o.score for o in french.options] == [o.score for o in on_scale.options]


def test_an_unknown_id_names_file_path_and_line():
    data = catalogue_translation(CAT)
    data["questions"]["passivatoin"] = data["questions"].pop("passivation")
    text = dump_template(data)
    problems = problems_of(data)
    line = line_of(text, "passivatoin:")
    assert f"fr.yaml:{line}: questions.passivatoin: unknown question 'passivatoin'" in "\n".join(
        problems
    )
    assert any("questions.passivation: missing question 'passivation'" in p for p in problems)


def test_a_missing_option_or_text_is_named():
    data = catalogue_translation(CAT)
    question = next(q for q in data["questions"].values() if "options" in q)
    question_id = next(k for k, v in data["questions"].items() if v is question)
    option = next(iter(question["options"]))
    del question["options"][option]
    del data["bands"][CAT.bands[0].id]["label"]
    problems = "\n".join(problems_of(data))
    assert f"questions.{question_id}.options.{option}: missing option '{option}'" in problems
    assert f"bands.{CAT.bands[0].id}.label: missing text 'label'" in problems


def test_an_empty_text_is_an_error_with_its_line():
    data = catalogue_translation(CAT)
    data["criteria"][CAT.criteria[0].id]["title"] = "   "
    text = dump_template(data)
    problems = problems_of(data)
    assert len(problems) == 1
    assert f"criteria.{CAT.criteria[0].id}.title" in problems[0]
    assert "at least 1 character" in problems[0]
    title_line = line_of(text, f"{CAT.criteria[0].id}:") + 1
    assert problems[0].startswith(f"fr.yaml:{title_line}:")


def test_a_translation_of_another_version_or_catalogue_is_refused():
    data = catalogue_translation(CAT)
    data["translation"]["version"] = "1.0.0"
    assert problems_of(data) == [
        "fr.yaml:3: translation.version: translates version 1.0.0; this catalogue is 2.0.0"
    ]
    data["translation"]["catalogue"] = "another"
    assert "translates catalogue 'another', not 'due_regard'" in problems_of(data)[0]


def test_the_language_must_match_the_file_name(tmp_path):
    path = write_catalogue_translation(tmp_path, CAT, "fr")
    wrong = path.with_name("es.yaml")
    path.rename(wrong)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_translation(wrong, CAT)
    assert caught.value.describe() == (
        f"{wrong}:4: translation.language: language 'fr' does not match the file name ('es.yaml')"
    )


def test_secondary_references_go_by_position_and_must_all_be_there():
    data = catalogue_translation(CAT)
    question_id, question = next(
        (k, v) for k, v in data["questions"].items() if len(v.get("secondary", ())) > 1
    )
    question["secondary"].pop()
    problems = "\n".join(problems_of(data))
    assert f"questions.{question_id}.secondary:" in problems
    assert "items expected" in problems


def test_an_unknown_field_is_refused():
    data = catalogue_translation(CAT)
    data["questions"]["passivation"]["textt"] = "x"
    problems = "\n".join(problems_of(data))
    assert "questions.passivation.textt: Extra inputs are not permitted" in problems


def test_a_text_in_the_translation_where_the_source_has_none(tmp_path):
    catalogue = load_catalogue(V1)  # schema 1: no advice to the affected State
    data = catalogue_translation(catalogue)
    question_id, question = next(
        (k, v) for k, v in data["questions"].items() if v.get("recommendations")
    )
    option = next(iter(question["recommendations"]))
    question["recommendations"][option]["affected"] = "[fr] something"
    problems = "\n".join(problems_of(data, catalogue=catalogue))
    assert (
        f"questions.{question_id}.recommendations.{option}.affected: 'affected' has no text"
        in problems
    )


def test_localise_changes_texts_only():
    translation = parse_catalogue_translation(
        dump_template(catalogue_translation(CAT)), CAT, "fr.yaml", "fr"
    ).translation
    french = localise(CAT, translation)
    assert french.language == "fr" and CAT.language == "en"
    assert french.version == CAT.version and french.id == CAT.id
    for (c1, q1), (c2, q2) in zip(CAT.questions(), french.questions(), strict=True):
        assert (c1.id, c1.weight, q1.id, q1.weight, q1.axis) == (
            c2.id,
            c2.weight,
            q2.id,
            q2.weight,
            q2.axis,
        )
        assert [(o.id, o.score) for o in q1.options] == [(o.id, o.score) for o in q2.options]
        assert [(r.option, r.cap) for r in q1.red_lines] == [
            (r.option, r.cap) for r in q2.red_lines
        ]
        assert q2.text == f"[fr] {q1.text}"
        assert all(
            o2.label == f"[fr] {o1.label}" for o1, o2 in zip(q1.options, q2.options, strict=True)
        )
        # the seed quote stays in the report's English; its translation is the gloss
        assert q2.references.seed.quote == q1.references.seed.quote
        assert q2.references.seed.gloss == f"[fr] {q1.references.seed.quote}"
        assert q2.references.secondary == tuple(f"[fr] {s}" for s in q1.references.secondary)
        assert {k: a.actor for k, a in q2.recommendations.items()} == {
            k: f"[fr] {a.actor}" for k, a in q1.recommendations.items()
        }
        assert c2.source.quote == c1.source.quote and c2.source.gloss == f"[fr] {c1.source.quote}"
    assert [b.label for b in french.bands] == [f"[fr] {b.label}" for b in CAT.bands]
    assert [(b.id, b.min, b.colour) for b in french.bands] == [
        (b.id, b.min, b.colour) for b in CAT.bands
    ]
    assert french.principles[0].gloss == f"[fr] {CAT.principles[0].quote}"
    assert french.norms[0].title == f"[fr] {CAT.norms[0].title}"
    assert french.kind_label(CAT.activity_kinds[0].id) == f"[fr] {CAT.activity_kinds[0].label}"
    # the index behind question() is the localised one, not a copy of the source's
    CAT.question("passivation")
    assert localise(CAT, translation).question("passivation").text.startswith("[fr] ")


def test_scenario_translations_validate_and_localise():
    data = scenario_translation(SCENARIOS.values(), CAT, "fr")
    loaded = parse_scenario_translation(
        dump_template(data), SCENARIOS.values(), CAT, "fr.yaml", "fr"
    )
    french = localise_scenarios(SCENARIOS, loaded.translation)
    assert list(french) == list(SCENARIOS)
    for sid, scenario in SCENARIOS.items():
        other = french[sid]
        assert other.title == f"[fr] {scenario.title}"
        assert other.fact_sheet == tuple(f"[fr] {f}" for f in scenario.fact_sheet)
        assert other.reference_options() == scenario.reference_options()
        assert other.activity.kinds == scenario.activity.kinds
        assert other.activity.phase == scenario.activity.phase


def test_a_broken_scenario_translation_names_file_path_and_line():
    data = scenario_translation(SCENARIOS.values(), CAT, "fr")
    first = next(iter(data["scenarios"]))
    data["scenarios"][first]["fact_sheet"].pop()
    data["scenarios"]["no_such_scenario"] = data["scenarios"][first]
    del data["scenarios"][next(iter(list(data["scenarios"])[1:]))]
    data["translation"]["catalogue_version"] = "2.0.0"
    with pytest.raises(ScenarioError) as caught:
        parse_scenario_translation(dump_template(data), SCENARIOS.values(), CAT, "fr.yaml", "fr")
    described = caught.value.describe()
    assert f"scenarios.{first}.fact_sheet: " in described
    assert "scenarios.no_such_scenario: unknown scenario 'no_such_scenario'" in described
    assert "missing scenario" in described
    assert all(line.startswith("fr.yaml:") for line in described.splitlines())


def test_the_library_loads_every_file_and_reports_every_broken_one(tmp_path):
    catalogues, scenarios_dir = tmp_path / "catalogues", tmp_path / "scenarios"
    write_catalogue_translation(catalogues, CAT, "fr")
    write_scenario_translation(scenarios_dir, SCENARIOS.values(), CAT, "fr")
    loaded = load_translations(catalogues, scenarios_dir, {CAT.version: CAT}, SCENARIOS, CAT)
    assert loaded.catalogue(CAT, "fr").language == "fr"
    assert loaded.catalogue(CAT, "ar") is CAT
    assert loaded.catalogue_status(CAT.version, "fr").unreviewed
    assert not loaded.catalogue_status(CAT.version, "ar").exists
    assert loaded.scenarios["fr"]["launch_notified"].title.startswith("[fr] ")

    write_catalogue_translation(
        catalogues, CAT, "es", edit=lambda d: d["questions"].pop("disposal")
    )
    (catalogues / "9.9.9").mkdir()
    with pytest.raises(TranslationLibraryError) as caught:
        load_translations(catalogues, scenarios_dir, {CAT.version: CAT}, SCENARIOS, CAT)
    text = str(caught.value)
    assert "es.yaml" in text and "questions.disposal: missing question 'disposal'" in text
    assert "no catalogue version '9.9.9' is known" in text


def test_a_reviewed_file_says_who_reviewed_it(tmp_path):
    def reviewed(data: dict) -> None:
        data["translation"].update(reviewed=True, reviewed_by="A. Translator, P-4")

    write_catalogue_translation(tmp_path, CAT, "ru", edit=reviewed)
    status = load_translations(tmp_path, tmp_path / "none", {CAT.version: CAT}, {}, CAT)
    found = status.catalogue_status(CAT.version, "ru")
    assert (found.exists, found.reviewed, found.unreviewed) == (True, True, False)
    assert found.reviewed_by == "A. Translator, P-4"
    assert (
        found.digest
        == __import__("hashlib").sha256((tmp_path / "2.0.0" / "ru.yaml").read_bytes()).hexdigest()
    )
