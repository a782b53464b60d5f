"""The catalogue the running app serves, loaded once at start-up."""

from flask import Flask, current_app

from assessment.catalogue import Catalogue, load_catalogue
from assessment.errors import CatalogueError

KEY = "due_regard.catalogue"


def init_catalogue(app: Flask, defer_errors: bool) -> None:
    """Load the catalogue now; a broken one stops start-up unless a CLI command must report it."""
    try:
        app.extensions[KEY] = load_catalogue(app.config["CRITERIA_PATH"])
    except CatalogueError as exc:
        if not defer_errors:
            raise
        app.extensions[KEY] = exc


def get_catalogue() -> Catalogue:
    loaded = current_app.extensions[KEY]
    if isinstance(loaded, CatalogueError):
        raise loaded
    return loaded
