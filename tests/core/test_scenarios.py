"""The scenario library: every shipped scenario is valid, and broken ones are named precisely."""

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
    text = GOOD.replace("  advance_notification: {", "  no_such_question: {")
    line = (
        GOOD.splitlines().index(
            next(x for x in GOOD.splitlines() if x.startswith("  advance_notification:"))
        )
        + 1
    )
    found = problems_of(text)
    assert (
        f"x.yaml:{line}: reference.no_such_question: unknown question 'no_such_question'" in found
    )
    assert "x.yaml:39: reference: no reference answer for 'advance_notification'" in found or any(
        "no reference answer for 'advance_notification'" in p for p in found
    )


def test_an_option_the_question_does_not_allow_is_refused():
    text = GOOD.replace(
        "{option: all_three,", "{option: unknown,"
    )  # treaty_status allows no unknown
    (problem,) = problems_of(text)
    assert (
        "reference.treaty_status.option: 'unknown' is not an option of 'treaty_status'" in problem
    )
    assert problem.startswith("x.yaml:")


def test_a_question_that_does_not_apply_is_refused():
    text = GOOD.rstrip() + '\n  da_asat_destructive: {option: no_intercept, rationale: "n/a"}\n'
    (problem,) = problems_of(text)
    assert (
        "reference.da_asat_destructive: question 'da_asat_destructive' does not apply to launch"
        in problem
    )
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
