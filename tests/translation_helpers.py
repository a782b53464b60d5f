"""Test translations made from the template: every text marked with its language, so a page or
a result shows at a glance which texts came from the translation (framework-free)."""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from assessment.catalogue_model import Catalogue
from assessment.scenarios import Scenario
from assessment.translation_template import catalogue_template, dump_template, scenarios_template


def mark(language: str) -> str:
    return f"[{language}] "


def _marked(value: Any, prefix: str) -> Any:
    if isinstance(value, str):
        return prefix + value
    if isinstance(value, dict):
        return {k: _marked(v, prefix) for k, v in value.items()}
    if isinstance(value, list):
        return [_marked(v, prefix) for v in value]
    return value


def marked(template: dict[str, Any], language: str) -> dict[str, Any]:
    """The template with every text (not the header) prefixed by ``[language] ``."""
    return {k: v if k == "translation" else _marked(v, mark(language)) for k, v in template.items()}


def catalogue_translation(catalogue: Catalogue, language: str = "fr") -> dict[str, Any]:
    return marked(catalogue_template(catalogue, language), language)


def scenario_translation(
    scenarios: Iterable[Scenario], catalogue: Catalogue, language: str = "fr"
) -> dict[str, Any]:
    return marked(scenarios_template(scenarios, catalogue, language), language)


Edit = Callable[[dict[str, Any]], object]


def write_catalogue_translation(
    folder: Path, catalogue: Catalogue, language: str = "fr", edit: Edit | None = None
) -> Path:
    """``folder/<version>/<language>.yaml``, marked, after ``edit`` (to break it) if given."""
    data = catalogue_translation(catalogue, language)
    if edit is not None:
        edit(data)
    path = folder / catalogue.version / f"{language}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_template(data), encoding="utf-8")
    return path


def write_scenario_translation(
    folder: Path,
    scenarios: Iterable[Scenario],
    catalogue: Catalogue,
    language: str = "fr",
    edit: Edit | None = None,
) -> Path:
    data = scenario_translation(scenarios, catalogue, language)
    if edit is not None:
        edit(data)
    path = folder / f"{language}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_template(data), encoding="utf-8")
    return path


def unmarked(value: Any, language: str) -> Any:
    """A localised result read back as the source's: every ``[language] `` prefix removed."""
    prefix = mark(language)
    if isinstance(value, str):
        return value.removeprefix(prefix)
    if isinstance(value, dict):
        return {k: unmarked(v, language) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [unmarked(v, language) for v in value]
    return value
