"""The catalogue and scenario library the running app serves, loaded and validated at creation.

Every entry point (``flask run``, any ``flask`` command, gunicorn) builds the app through the
factory, so a broken catalogue or scenario file stops every one of them with the loader's errors.
Every known catalogue version is loaded too: a stored assessment or an imported file is scored on
the version it was answered on, never silently on the current one.

Translations (``catalogues/translations/<version>/<lang>.yaml``, ``scenarios/translations/
<lang>.yaml``, see docs/translations.md) are loaded and validated at creation as well, and a
broken one stops start-up the same way. The API for pages, reports and commands:

- ``get_catalogue(version=None, language=None)``: a catalogue version (current by default) with
  its texts in ``language``; None means the page's language (the request's, or a
  ``force_locale``'s; outside both, the English source). A language with no file gives the
  English source. Ids, scores, weights and caps are the same in every language, so scoring on
  any of them gives the same result; only texts differ.
- ``get_scenarios(language=None)``: the scenarios by id, likewise.
- ``catalogue_translation_status(version=None, language=None)`` and
  ``scenarios_translation_status(language=None)``: whether a file gives that language, whether
  it was reviewed, and its ``digest`` (the file's SHA-256, or "source"), for the footer, the
  report's method annex and any cache of rendered texts; ``texts_key(catalogue)`` gives a
  catalogue's id, version, language and digest in one string for such a cache.

The catalogue's stored hash and fingerprints (``catalogue_guard``) stay on the source file.
"""

from flask import Flask, current_app, has_app_context
from flask_babel import get_locale

from assessment.catalogue import Catalogue, load_catalogue
from assessment.catalogue_model import SOURCE_LANGUAGE
from assessment.errors import ExchangeError
from assessment.exchange import parse_document
from assessment.migration import VersionMapping
from assessment.scenarios import Scenario, load_scenarios
from assessment.translation_library import Translations, TranslationStatus, load_translations
from assessment.versions import CatalogueLibrary, load_library

CATALOGUE_KEY = "due_regard.catalogue"
SCENARIOS_KEY = "due_regard.scenarios"
VERSIONS_KEY = "due_regard.versions"
TRANSLATIONS_KEY = "due_regard.translations"
HASH_KEY = "due_regard.catalogue_hash"  # set by catalogue_guard at start-up


def _scenario_translations_path(app: Flask) -> str:
    configured = app.config.get("SCENARIO_TRANSLATIONS_PATH")
    return str(configured or f"{app.config['SCENARIOS_PATH']}/translations")


def init_library(app: Flask) -> None:
    """Load the catalogue, every known older version, the scenarios against the current one,
    then every translation of each; raise on anything broken (TranslationLibraryError for
    translations)."""
    catalogue = load_catalogue(app.config["CRITERIA_PATH"])
    app.extensions[CATALOGUE_KEY] = catalogue
    versions = load_library(app.config["CATALOGUE_LIBRARY_ROOT"])
    app.extensions[VERSIONS_KEY] = versions
    scenarios = load_scenarios(app.config["SCENARIOS_PATH"], catalogue)
    app.extensions[SCENARIOS_KEY] = scenarios
    app.extensions[TRANSLATIONS_KEY] = load_translations(
        app.config["CATALOGUE_TRANSLATIONS_PATH"],
        _scenario_translations_path(app),
        {**versions.catalogues, catalogue.version: catalogue},
        scenarios,
        catalogue,
    )


def page_language() -> str:
    """The language texts are shown in now: the request's (or a ``force_locale``'s); outside
    both, and before the app's Babel is set up, the source's."""
    if not has_app_context() or "babel" not in current_app.extensions:
        return SOURCE_LANGUAGE
    locale = get_locale()  # the interface's code, as translation files are named (zh, pt_BR)
    return str(locale) if locale is not None else SOURCE_LANGUAGE


def _source(version: str | None) -> Catalogue:
    current: Catalogue = current_app.extensions[CATALOGUE_KEY]
    if version is None or version == current.version:
        return current
    return _versions().get(version) or current


def get_catalogue(version: str | None = None, language: str | None = None) -> Catalogue:
    """The current catalogue, or the known version ``version`` (current when it is unknown),
    with its texts in ``language`` (None: the page's language; no file for it: English)."""
    source = _source(version)
    return _translations().catalogue(source, language or page_language())


def source_catalogue(version: str | None = None) -> Catalogue:
    """The catalogue as its file gives it, in English, whatever the page language."""
    return _source(version)


def catalogue_translation_status(
    version: str | None = None, language: str | None = None
) -> TranslationStatus:
    """Whether a file translates this catalogue version (current by default) into ``language``
    (None: the page's), whether it was reviewed, and its digest ("source" when none)."""
    return _translations().catalogue_status(_source(version).version, language or page_language())


def catalogue_hash() -> str:
    """The SHA-256 of the catalogue file this app serves (empty before start-up): recorded by
    catalogue_guard, read here so that the PDF cache key and the store need not import it."""
    return str(current_app.extensions.get(HASH_KEY, ""))


def texts_key(catalogue: Catalogue) -> str:
    """What a cache of anything rendered from ``catalogue``'s texts keys on: its id, version,
    language and the digest of the translation file behind it ("source" for English)."""
    status = _translations().catalogue_status(catalogue.version, catalogue.language)
    return f"{catalogue.id} {catalogue.version} {catalogue.language} {status.digest}"


def scenarios_translation_status(language: str | None = None) -> TranslationStatus:
    return _translations().scenario_status(language or page_language())


def translations() -> Translations:
    """Every loaded translation (for ``flask criteria check`` and the like)."""
    return _translations()


def _translations() -> Translations:
    return current_app.extensions[TRANSLATIONS_KEY]


def catalogue_for_document(raw: bytes) -> Catalogue:
    """The catalogue a file says it was answered on, when known; else the current one (whose
    reader then reports what is wrong with the file)."""
    try:
        version = parse_document(raw).catalogue.version
    except (ExchangeError, ValueError):
        return get_catalogue()
    return get_catalogue(version)


def is_current(version: str) -> bool:
    return version == get_catalogue().version


def known_version(version: str) -> bool:
    return is_current(version) or _versions().get(version) is not None


def mapping_to_current(version: str) -> VersionMapping | None:
    """The declared mapping from ``version`` to the catalogue served for new assessments."""
    return _versions().mapping(version, get_catalogue().version)


def _versions() -> CatalogueLibrary:
    return current_app.extensions[VERSIONS_KEY]


def get_scenarios(language: str | None = None) -> dict[str, Scenario]:
    """The training scenarios by id, with their texts in ``language`` (None: the page's
    language; no file for it: English). Reference answers are the same in every language."""
    source: dict[str, Scenario] = dict(current_app.extensions[SCENARIOS_KEY])
    localised = _translations().scenarios.get(language or page_language())
    return dict(localised) if localised is not None else source
