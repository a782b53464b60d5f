"""The catalogue and scenario library the running app serves, loaded and validated at creation.

Every entry point (``flask run``, any ``flask`` command, gunicorn) builds the app through the
factory, so a broken catalogue or scenario file stops every one of them with the loader's errors.
Every known catalogue version is loaded too: a stored assessment or an imported file is scored on
the version it was answered on, never silently on the current one.
"""

from flask import Flask, current_app

from assessment.catalogue import Catalogue, load_catalogue
from assessment.errors import ExchangeError
from assessment.exchange import parse_document
from assessment.migration import VersionMapping
from assessment.scenarios import Scenario, load_scenarios
from assessment.versions import CatalogueLibrary, load_library
from assessment.web.config import ROOT

CATALOGUE_KEY = "due_regard.catalogue"
SCENARIOS_KEY = "due_regard.scenarios"
VERSIONS_KEY = "due_regard.versions"


def init_library(app: Flask) -> None:
    """Load the catalogue, every known older version, then the scenarios against the current one."""
    catalogue = load_catalogue(app.config["CRITERIA_PATH"])
    app.extensions[CATALOGUE_KEY] = catalogue
    app.extensions[VERSIONS_KEY] = load_library(ROOT)
    app.extensions[SCENARIOS_KEY] = load_scenarios(app.config["SCENARIOS_PATH"], catalogue)


def get_catalogue(version: str | None = None) -> Catalogue:
    """The current catalogue, or the known version ``version`` (current when it is unknown)."""
    current: Catalogue = current_app.extensions[CATALOGUE_KEY]
    if version is None or version == current.version:
        return current
    return _versions().get(version) or current


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


def get_scenarios() -> dict[str, Scenario]:
    return dict(current_app.extensions[SCENARIOS_KEY])
