"""The scenario library: every shipped scenario is valid, and broken ones are named precisely."""

import re
from pathlib import Path

import pytest

from assessment.catalogue import load_catalogue
from assessment.scenarios import ScenarioError, ScenarioLibraryError, load_scenarios, parse_scenario

CATALOGUE = load_catalogue("criteria.yaml")
LIBRARY = Path("scenarios")
GOOD = (LIBRARY / "launch_notified.yaml").read_text()


def test_the_library_has_at_least_eight_valid_scenarios_across_kinds():
    scenarios = load_scenarios(LIBRARY, CATALOGUE)
    assert len(scenarios) >= 8
    kinds = {k for s in scenarios.values() for k in s.activity.kinds}
    assert {"launch", "rpo", "on_orbit_servicing", "destructive_test", "rf_laser"} <= kinds
    assert {"constellation_deployment", "reentry_disposal"} <= kinds
    for scenario in scenarios.values():
        applicable = {q.id for _, q in CATALOGUE.applicable_questions(scenario.activity.kinds)}
        assert set(scenario.reference) == applicable
        assert scenario.fact_sheet and scenario.prompts


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, CATALOGUE, "x.yaml")
    return [p.describe("x.yaml") for p in caught.value.problems]


def test_an_unknown_question_is_named_with_its_line():
    text = GOOD.replace("  notice_lead_time: {", "  no_such_question: {")
    line = (
        GOOD.splitlines().index(
            next(x for x in GOOD.splitlines() if x.startswith("  notice_lead_time:"))
        )
        + 1
    )
    found = problems_of(text)
    assert (
        f"x.yaml:{line}: reference.no_such_question: unknown question 'no_such_question'" in found
    )
    assert any("no reference answer for 'notice_lead_time'" in p for p in found)


def test_an_option_the_question_does_not_allow_is_refused():
    text = GOOD.replace("{option: all_three,", "{option: most,")
    (problem,) = problems_of(text)
    assert "reference.treaty_status.option: 'most' is not an option of 'treaty_status'" in problem
    assert problem.startswith("x.yaml:")


def test_a_question_that_does_not_apply_is_refused():
    text = GOOD.rstrip() + '\n  shadowing: {option: no_shadowing, rationale: "n/a"}\n'
    (problem,) = problems_of(text)
    assert "reference.shadowing: question 'shadowing' does not apply to launch" in problem
    assert problem.startswith(f"x.yaml:{len(text.splitlines())}:")


def test_duplicate_keys_unknown_kinds_and_missing_fields_are_reported():
    assert any(
        "duplicate key 'title'" in p
        for p in problems_of(GOOD.replace("schema: 1", "schema: 1\ntitle: again"))
    )
    assert any(
        "unknown activity kind 'picnic'" in p
        for p in problems_of(GOOD.replace("kinds: [launch]", "kinds: [picnic]"))
    )
    assert any(
        "prompts" in p and "Field required" in p
        for p in problems_of(GOOD.replace("prompts:", "prompts_x:"))
    )


def test_the_file_name_must_match_the_id(tmp_path):
    (tmp_path / "other.yaml").write_text(GOOD)
    with pytest.raises(ScenarioLibraryError) as caught:
        load_scenarios(tmp_path, CATALOGUE)
    assert "id 'launch_notified' must match the file name" in str(caught.value)


FACT = re.compile(r"\bfacts? (\d+)")


@pytest.mark.parametrize("name", sorted(p.stem for p in LIBRARY.glob("*.yaml")))
def test_each_reference_rationale_cites_its_fact_sheet(name):
    """A reference answer rests on a numbered fact, or says the fact sheet is silent and
    then answers "unknown" or "not applicable": no invented facts."""
    scenario = load_scenarios(LIBRARY, CATALOGUE)[name]
    for qid, ref in scenario.reference.items():
        cited = [int(n) for n in FACT.findall(ref.rationale)]
        if cited:
            assert all(1 <= n <= len(scenario.fact_sheet) for n in cited), (name, qid)
        else:
            assert "Not in the fact sheet" in ref.rationale, (name, qid, ref.rationale)
            assert ref.option in ("unknown", "not_applicable"), (name, qid)


def test_scenario_names_are_neutral():
    for scenario in load_scenarios(LIBRARY, CATALOGUE).values():
        for real in ("Long March", "Kestrel", "Falcon", "Soyuz", "Ariane"):
            assert real not in scenario.title and real not in scenario.activity.title


def test_reference_bands_follow_the_expert_order():
    from assessment.inputs import Answer
    from assessment.results import build_result

    def band(name: str) -> int:
        s = load_scenarios(LIBRARY, CATALOGUE)[name]
        answers = {
            q: Answer(option=o, evidence="official_record")
            for q, o in s.reference_options().items()
        }
        return CATALOGUE.band_rank(build_result(CATALOGUE, s.activity, answers).overall.band)

    assert band("consensual_servicing") == band("launch_notified") == 0
    assert band("constellation_burden") == 1
    assert band("destructive_test_high") == 3
    assert band("destructive_test_low") == band("inspection_approach") == 2
    assert band("rf_interference_navigation") == band("uncontrolled_reentry") == 2
