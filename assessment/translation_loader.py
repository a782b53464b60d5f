"""Loading a translation file and holding it against what it translates.

A catalogue translation must translate exactly the catalogue it names: the same catalogue id and
version, every id and every text the source has (no more, no fewer), each text non-empty, the
secondary references, fact sheets and prompts item for item, and the language its file name
says. Every problem is reported with the file, its dotted path and its line, through the errors
the catalogue and scenario loaders use (``CatalogueError``, ``ScenarioError``).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from assessment.catalogue_model import Catalogue
from assessment.errors import CatalogueError, InputError, Problem
from assessment.scenarios import Scenario, ScenarioError
from assessment.translation_model import CatalogueTranslation, ScenarioTranslation
from assessment.translation_template import catalogue_template, scenarios_template
from assessment.yaml_source import (
    YamlDocument,
    model_problems,
    parse_mapping,
    read_text,
    with_lines,
)

MAX_FILE_BYTES = 2 * 1024 * 1024  # a catalogue translation is ~100 KB; far larger is a mistake

T = TypeVar("T", CatalogueTranslation, ScenarioTranslation)

# What the keys of each id-keyed mapping are, for messages ("unknown question 'x'").
_KEYED_BY = {
    "principles": "principle",
    "norms": "norm",
    "channels": "channel",
    "conventions": "convention",
    "activity_kinds": "activity kind",
    "orbit_regimes": "orbit regime",
    "evidence_bases": "evidence basis",
    "bands": "band",
    "scales": "scale",
    "criteria": "criterion",
    "questions": "question",
    "options": "option",
    "recommendations": "recommendation",
    "red_lines": "red-line option",
    "phase_text": "phase",
    "rationales": "reference answer",
    "scenarios": "scenario",
}


@dataclass(frozen=True)
class TranslationFile(Generic[T]):
    """A validated translation, where it came from, and a digest of its bytes (which a cache of
    anything rendered from it can key on)."""

    translation: T
    source: str
    digest: str


def _last_key(path: str) -> str:
    return path.rsplit(".", 1)[-1]


def _absent(value: Any) -> bool:
    """Nothing given (an empty text is the model's to report: "at least 1 character")."""
    return value is None or value == {} or value == []


def _compare(expected: Any, actual: Any, path: str, of: str) -> list[Problem]:
    """Where ``actual`` (the file's data) differs in shape from ``expected`` (the template).

    Text values are checked by the model (non-empty); here: which keys, how many items.
    """
    if isinstance(expected, list):
        found = len(actual) if isinstance(actual, list) else 0
        if found != len(expected):
            return [Problem(path, f"{len(expected)} items expected (as in {of}), found {found}")]
        return []
    if not isinstance(expected, dict) or not isinstance(actual, dict):
        return []
    what = _KEYED_BY.get(_last_key(path))
    problems = []
    for key, value in expected.items():
        here = f"{path}.{key}"
        if key not in actual or _absent(actual[key]):
            missing = f"{what} '{key}'" if what else f"text '{key}'"
            problems.append(Problem(here, f"missing {missing} (in {of})"))
        else:
            problems += _compare(value, actual[key], here, of)
    for key, value in actual.items():
        if key in expected or _absent(value):
            continue
        if what:
            message = f"unknown {what} '{key}': {of} has none"
        else:
            message = f"'{key}' has no text in {of} to translate"
        problems.append(Problem(f"{path}.{key}", message))
    return problems


def _compare_sections(expected: dict[str, Any], data: dict[str, Any], of: str) -> list[Problem]:
    problems = []
    for name, texts in expected.items():
        if name == "translation":
            continue
        if _absent(data.get(name)):
            problems.append(Problem(name, f"missing section '{name}' (in {of})"))
        else:
            problems += _compare(texts, data[name], name, of)
    for name, value in data.items():
        if name not in expected and not _absent(value):
            problems.append(Problem(name, f"'{name}' has nothing to translate in {of}"))
    return problems


def _language_problem(header: dict[str, Any], expected: str | None) -> list[Problem]:
    language = header.get("language")
    if expected is None or language is None or language == expected:
        return []
    message = f"language '{language}' does not match the file name ('{expected}.yaml')"
    return [Problem("translation.language", message)]


def _parse(
    text: str, source: str, model: type[T], error: type[InputError]
) -> tuple[T | None, YamlDocument, list[Problem]]:
    """The file as ``model``, or None with the model's problems: the checks against the source
    still run, so one reading of the file reports everything wrong with it."""
    doc = parse_mapping(text, source, error)
    try:
        return model.model_validate(doc.data), doc, []
    except ValidationError as exc:
        return None, doc, model_problems(exc)


def _merged(first: list[Problem], more: list[Problem]) -> list[Problem]:
    """The model's problems, then the comparison's at paths the model has not already named."""
    named = {p.path for p in first}
    return first + [p for p in more if p.path not in named]


def _header(doc: YamlDocument) -> dict[str, Any]:
    header = doc.data.get("translation")
    return header if isinstance(header, dict) else {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_catalogue_translation(
    text: str,
    catalogue: Catalogue,
    source: str = "<translation>",
    expected_language: str | None = None,
) -> TranslationFile[CatalogueTranslation]:
    """Validate a catalogue translation against ``catalogue``; raise CatalogueError listing
    every problem, each with its path and line."""
    translation, doc, problems = _parse(text, source, CatalogueTranslation, CatalogueError)
    header = _header(doc)
    checks = _language_problem(header, expected_language)
    if header.get("catalogue") != catalogue.id:
        message = f"translates catalogue '{header.get('catalogue')}', not '{catalogue.id}'"
        checks.append(Problem("translation.catalogue", message))
    elif header.get("version") != catalogue.version:
        message = (
            f"translates version {header.get('version')}; this catalogue is {catalogue.version}"
        )
        checks.append(Problem("translation.version", message))
    else:  # only the right catalogue is worth comparing id by id
        of = f"catalogue {catalogue.id} {catalogue.version}"
        expected = catalogue_template(catalogue, str(header.get("language")))
        checks += _compare_sections(expected, doc.data, of)
    problems = _merged(problems, checks)
    if problems or translation is None:
        raise CatalogueError(source, with_lines(doc, problems))
    return TranslationFile(translation, source, _digest(text))


def parse_scenario_translation(
    text: str,
    scenarios: Iterable[Scenario],
    catalogue: Catalogue,
    source: str = "<translation>",
    expected_language: str | None = None,
) -> TranslationFile[ScenarioTranslation]:
    """Validate a translation of the scenarios (rated on ``catalogue``); raise ScenarioError
    listing every problem, each with its path and line."""
    translation, doc, problems = _parse(text, source, ScenarioTranslation, ScenarioError)
    header = _header(doc)
    checks = _language_problem(header, expected_language)
    if header.get("scenarios") != catalogue.id:
        message = f"translates the scenarios of '{header.get('scenarios')}', not '{catalogue.id}'"
        checks.append(Problem("translation.scenarios", message))
    elif header.get("catalogue_version") != catalogue.version:
        message = (
            f"translates the scenarios of version {header.get('catalogue_version')}; "
            f"they are rated on {catalogue.version}"
        )
        checks.append(Problem("translation.catalogue_version", message))
    else:
        expected = scenarios_template(scenarios, catalogue, str(header.get("language")))
        checks += _compare_sections(expected, doc.data, "the scenarios")
    problems = _merged(problems, checks)
    if problems or translation is None:
        raise ScenarioError(source, with_lines(doc, problems))
    return TranslationFile(translation, source, _digest(text))


def load_catalogue_translation(
    path: str | Path, catalogue: Catalogue
) -> TranslationFile[CatalogueTranslation]:
    """Read and validate ``<lang>.yaml``: its language must be its file name's."""
    path = Path(path)
    text = read_text(path, CatalogueError, MAX_FILE_BYTES)
    return parse_catalogue_translation(text, catalogue, str(path), expected_language=path.stem)


def load_scenario_translation(
    path: str | Path, scenarios: Iterable[Scenario], catalogue: Catalogue
) -> TranslationFile[ScenarioTranslation]:
    path = Path(path)
    text = read_text(path, ScenarioError, MAX_FILE_BYTES)
    return parse_scenario_translation(
        text, scenarios, catalogue, str(path), expected_language=path.stem
    )


class TranslationLibraryError(ValueError):
    """One or more translation files are broken; carries each file's error."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(e.describe() for e in errors))
