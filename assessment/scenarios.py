"""Training scenarios: frozen models of ``scenarios/*.yaml`` and a loader that checks them
against the catalogue, reporting every problem with its file, path and line."""

from collections.abc import Mapping
from pathlib import Path

from pydantic import ConfigDict, Field

from assessment.catalogue_model import Catalogue, Id, Model, Question, Text
from assessment.errors import InputError, Problem
from assessment.inputs import Activity
from assessment.yaml_source import parse_model, read_text, with_lines

SUPPORTED_SCHEMAS = (1,)
MAX_FILE_BYTES = 256 * 1024  # a scenario is a page or two of text; anything larger is a mistake


class ScenarioError(InputError):
    """A scenario file is malformed or does not fit the catalogue."""


class ReferenceAnswer(Model):
    """The facilitator's answer to one question, and why: the starting point of the debrief."""

    option: Id
    rationale: Text


class Scenario(Model):
    """One fictional case a room rates together."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_version: int = Field(alias="schema")
    id: Id
    title: Text
    summary: Text
    activity: Activity
    fact_sheet: tuple[Text, ...] = Field(min_length=1)
    prompts: tuple[Text, ...] = Field(min_length=1)
    reference: dict[Id, ReferenceAnswer]

    def reference_options(self) -> dict[str, str]:
        """The reference answers as question id -> option id, as the room's responses are."""
        return {qid: ref.option for qid, ref in self.reference.items()}


def allowed_options(question: Question) -> tuple[str, ...]:
    """Kept for callers not yet moved to ``Question.answer_ids``."""
    return question.answer_ids()


def _check_activity(catalogue: Catalogue, activity: Activity) -> list[Problem]:
    problems = []
    kinds = {k.id for k in catalogue.activity_kinds}
    for i, kind in enumerate(activity.kinds):
        if kind not in kinds:
            problems.append(Problem(f"activity.kinds[{i}]", f"unknown activity kind '{kind}'"))
    regimes = {r.id for r in catalogue.orbit_regimes}
    if activity.orbit_regime is not None and activity.orbit_regime not in regimes:
        problems.append(
            Problem("activity.orbit_regime", f"unknown orbit regime '{activity.orbit_regime}'")
        )
    return problems


def _check_reference(catalogue: Catalogue, scenario: Scenario) -> list[Problem]:
    problems = []
    kinds = scenario.activity.kinds
    for qid, ref in scenario.reference.items():
        question = catalogue.question(qid)
        here = f"reference.{qid}"
        if question is None:
            problems.append(Problem(here, f"unknown question '{qid}'"))
        elif not question.applies(kinds):
            problems.append(Problem(here, f"question '{qid}' does not apply to {', '.join(kinds)}"))
        elif ref.option not in question.answer_ids():
            allowed = ", ".join(question.answer_ids())
            problems.append(
                Problem(f"{here}.option", f"'{ref.option}' is not an option of '{qid}' ({allowed})")
            )
    for _, question in catalogue.applicable_questions(kinds):
        if question.id not in scenario.reference:
            problems.append(Problem("reference", f"no reference answer for '{question.id}'"))
    return problems


def validate_scenario(catalogue: Catalogue, scenario: Scenario) -> list[Problem]:
    """Checks against the catalogue that field types alone cannot express."""
    problems = []
    if scenario.schema_version not in SUPPORTED_SCHEMAS:
        problems.append(Problem("schema", f"unsupported schema {scenario.schema_version}"))
    problems += _check_activity(catalogue, scenario.activity)
    if not problems:
        problems += _check_reference(catalogue, scenario)
    return problems


def parse_scenario(
    text: str, catalogue: Catalogue, source: str = "<scenario>", expected_id: str | None = None
) -> Scenario:
    """Validate one scenario's YAML text; raise ScenarioError listing every problem found."""
    scenario, doc = parse_model(text, source, Scenario, ScenarioError)
    problems = validate_scenario(catalogue, scenario)
    if expected_id is not None and scenario.id != expected_id:
        problems.append(Problem("id", f"id '{scenario.id}' must match the file name"))
    if problems:
        raise ScenarioError(source, with_lines(doc, problems))
    return scenario


def load_scenario(path: str | Path, catalogue: Catalogue) -> Scenario:
    """Read and validate one scenario file."""
    path = Path(path)
    text = read_text(path, ScenarioError, MAX_FILE_BYTES)
    return parse_scenario(text, catalogue, str(path), expected_id=path.stem)


class ScenarioLibraryError(ValueError):
    """One or more scenario files are broken; carries each file's ScenarioError."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(e.describe() for e in errors))


def load_scenarios(directory: str | Path, catalogue: Catalogue) -> Mapping[str, Scenario]:
    """Every ``*.yaml`` scenario in a directory, by id, in file-name order; raise
    ScenarioLibraryError naming every problem in every broken file."""
    scenarios: dict[str, Scenario] = {}
    errors: list[ScenarioError] = []
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            scenario = load_scenario(path, catalogue)
        except ScenarioError as exc:
            errors.append(exc)
            continue
        scenarios[scenario.id] = scenario
    if errors:
        raise ScenarioLibraryError(errors)
    return scenarios
