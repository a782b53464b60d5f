"""Every translation on disk, loaded and validated together: the catalogue versions and the
scenarios in each language a file gives, and each file's review status and digest.

Layout: ``<catalogue dir>/<version>/<lang>.yaml`` and ``<scenario dir>/<lang>.yaml``. A folder
for a version nobody knows, or any broken file, is an error; every broken file is reported.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from assessment.catalogue_model import SOURCE_LANGUAGE, Catalogue
from assessment.errors import CatalogueError, InputError, Problem
from assessment.localise import localise, localise_scenarios
from assessment.scenarios import Scenario
from assessment.translation_loader import (
    TranslationFile,
    TranslationLibraryError,
    load_catalogue_translation,
    load_scenario_translation,
)
from assessment.translation_model import CatalogueTranslation, ScenarioTranslation

SOURCE_DIGEST = "source"  # what a render cache keys on when the texts are the source's


@dataclass(frozen=True)
class TranslationStatus:
    """Where the texts in one language come from, and whether a qualified translator reviewed
    them. ``exists`` is False for the source language and for a language with no file (its
    texts are then the English source, which needs no review)."""

    language: str
    exists: bool
    reviewed: bool
    reviewed_by: str | None = None
    note: str | None = None
    digest: str = SOURCE_DIGEST  # SHA-256 of the file, or "source"

    @property
    def unreviewed(self) -> bool:
        """Translated texts that no qualified translator has reviewed yet: say so."""
        return self.exists and not self.reviewed


def _status(
    language: str,
    found: TranslationFile[CatalogueTranslation] | TranslationFile[ScenarioTranslation] | None,
) -> TranslationStatus:
    if found is None:
        return TranslationStatus(language, exists=False, reviewed=False)
    header = found.translation.translation
    return TranslationStatus(
        language, True, header.reviewed, header.reviewed_by, header.note, found.digest
    )


@dataclass(frozen=True)
class Translations:
    """The loaded translations: localised catalogues by (version, language), localised
    scenarios by language, and the file behind each."""

    catalogues: Mapping[tuple[str, str], Catalogue] = field(default_factory=dict)
    catalogue_files: Mapping[tuple[str, str], TranslationFile[CatalogueTranslation]] = field(
        default_factory=dict
    )
    scenarios: Mapping[str, Mapping[str, Scenario]] = field(default_factory=dict)
    scenario_files: Mapping[str, TranslationFile[ScenarioTranslation]] = field(default_factory=dict)

    def catalogue(self, source: Catalogue, language: str) -> Catalogue:
        """``source`` in ``language``; the source itself when no file gives that language."""
        return self.catalogues.get((source.version, language), source)

    def catalogue_status(self, version: str, language: str) -> TranslationStatus:
        return _status(language, self.catalogue_files.get((version, language)))

    def scenario_status(self, language: str) -> TranslationStatus:
        return _status(language, self.scenario_files.get(language))

    def catalogue_languages(self, version: str) -> tuple[str, ...]:
        """The languages a file translates catalogue ``version`` into, sorted."""
        return tuple(sorted(lang for v, lang in self.catalogue_files if v == version))


def _fingerprint(*models: BaseModel) -> str:
    digest = hashlib.sha256()
    for model in models:
        digest.update(model.model_dump_json().encode("utf-8") + b"\0")
    return digest.hexdigest()


# Validated files by (file digest, fingerprint of what they translate, path). Every app built in
# a process (tests build hundreds) would otherwise re-parse every file: a second or more each.
_CatalogueEntry = tuple[TranslationFile[CatalogueTranslation], Catalogue]
_ScenarioEntry = tuple[TranslationFile[ScenarioTranslation], Mapping[str, Scenario]]
_CATALOGUE_MEMO: dict[tuple[str, str, str], _CatalogueEntry] = {}
_SCENARIO_MEMO: dict[tuple[str, str, str], _ScenarioEntry] = {}
_MEMO_LIMIT = 128


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""  # the loader reports it


def _catalogue_translation(path: Path, catalogue: Catalogue) -> _CatalogueEntry:
    key = (_file_digest(path), _fingerprint(catalogue), str(path))
    found = _CATALOGUE_MEMO.get(key)
    if found is None:
        loaded = load_catalogue_translation(path, catalogue)
        found = (loaded, localise(catalogue, loaded.translation))
        if len(_CATALOGUE_MEMO) >= _MEMO_LIMIT:
            _CATALOGUE_MEMO.clear()
        _CATALOGUE_MEMO[key] = found
    return found


def _scenario_translation(
    path: Path, scenarios: Mapping[str, Scenario], catalogue: Catalogue, fingerprint: str
) -> _ScenarioEntry:
    key = (_file_digest(path), fingerprint, str(path))
    found = _SCENARIO_MEMO.get(key)
    if found is None:
        loaded = load_scenario_translation(path, scenarios.values(), catalogue)
        found = (loaded, localise_scenarios(scenarios, loaded.translation))
        if len(_SCENARIO_MEMO) >= _MEMO_LIMIT:
            _SCENARIO_MEMO.clear()
        _SCENARIO_MEMO[key] = found
    return found


def _yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def _catalogue_translations(
    directory: Path, catalogues: Mapping[str, Catalogue], errors: list[InputError]
) -> tuple[
    dict[tuple[str, str], Catalogue], dict[tuple[str, str], TranslationFile[CatalogueTranslation]]
]:
    localised: dict[tuple[str, str], Catalogue] = {}
    files: dict[tuple[str, str], TranslationFile[CatalogueTranslation]] = {}
    if not directory.is_dir():
        return localised, files
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        catalogue = catalogues.get(folder.name)
        if catalogue is None:
            known = ", ".join(sorted(catalogues))
            message = f"no catalogue version '{folder.name}' is known (known: {known})"
            errors.append(CatalogueError(str(folder), [Problem("", message)]))
            continue
        for path in _yaml_files(folder):
            try:
                loaded, catalogue_in = _catalogue_translation(path, catalogue)
            except InputError as exc:
                errors.append(exc)
                continue
            files[(catalogue.version, loaded.translation.language)] = loaded
            localised[(catalogue.version, loaded.translation.language)] = catalogue_in
    return localised, files


def _scenario_translations(
    directory: Path,
    scenarios: Mapping[str, Scenario],
    catalogue: Catalogue,
    errors: list[InputError],
) -> tuple[dict[str, Mapping[str, Scenario]], dict[str, TranslationFile[ScenarioTranslation]]]:
    localised: dict[str, Mapping[str, Scenario]] = {}
    files: dict[str, TranslationFile[ScenarioTranslation]] = {}
    if not directory.is_dir():
        return localised, files
    fingerprint = _fingerprint(catalogue, *scenarios.values())
    for path in _yaml_files(directory):
        try:
            loaded, scenarios_in = _scenario_translation(path, scenarios, catalogue, fingerprint)
        except InputError as exc:
            errors.append(exc)
            continue
        files[loaded.translation.language] = loaded
        localised[loaded.translation.language] = scenarios_in
    return localised, files


def load_translations(
    catalogue_dir: str | Path,
    scenario_dir: str | Path,
    catalogues: Mapping[str, Catalogue],
    scenarios: Mapping[str, Scenario],
    scenario_catalogue: Catalogue,
) -> Translations:
    """Every translation of ``catalogues`` (by version) and of ``scenarios`` (rated on
    ``scenario_catalogue``); raise TranslationLibraryError naming every broken file."""
    errors: list[InputError] = []
    catalogues_in, catalogue_files = _catalogue_translations(
        Path(catalogue_dir), catalogues, errors
    )
    scenarios_in, scenario_files = _scenario_translations(
        Path(scenario_dir), scenarios, scenario_catalogue, errors
    )
    sources = [f.source for (_, lang), f in catalogue_files.items() if lang == SOURCE_LANGUAGE]
    sources += [f.source for lang, f in scenario_files.items() if lang == SOURCE_LANGUAGE]
    for source in sources:
        message = f"'{SOURCE_LANGUAGE}' is the source's own language: nothing to translate"
        errors.append(CatalogueError(source, [Problem("translation.language", message)]))
    if errors:
        raise TranslationLibraryError(errors)
    return Translations(catalogues_in, catalogue_files, scenarios_in, scenario_files)
