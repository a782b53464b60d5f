"""The catalogue and scenario library the running app serves, loaded and validated at creation.

Every entry point (``flask run``, any ``flask`` command, gunicorn) builds the app through the
factory, so a broken catalogue or scenario file stops every one of them with the loader's errors.
"""

from flask import Flask, current_app

from assessment.catalogue import Catalogue, load_catalogue
from assessment.scenarios import Scenario, load_scenarios

CATALOGUE_KEY = "due_regard.catalogue"
SCENARIOS_KEY = "due_regard.scenarios"


def init_library(app: Flask) -> None:
    """Load the catalogue, then the scenarios against it; raise the loader's error if broken."""
    catalogue = load_catalogue(app.config["CRITERIA_PATH"])
    app.extensions[CATALOGUE_KEY] = catalogue
    app.extensions[SCENARIOS_KEY] = load_scenarios(app.config["SCENARIOS_PATH"], catalogue)


def get_catalogue() -> Catalogue:
    return current_app.extensions[CATALOGUE_KEY]


def get_scenarios() -> dict[str, Scenario]:
    return dict(current_app.extensions[SCENARIOS_KEY])
