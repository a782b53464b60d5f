"""The application factory: configuration, database, library, blueprints, CLI, headers."""

import os

import click
from flask import Flask, Response

from assessment.errors import CatalogueError
from assessment.scenarios import ScenarioLibraryError
from assessment.translation_loader import TranslationLibraryError
from assessment.web import cli, i18n, pages
from assessment.web.api import views as api
from assessment.web.assessments import manage, questionnaire, reports, upgrade
from assessment.web.catalogue_guard import CatalogueChanged, check_catalogue_unchanged
from assessment.web.config import ROOT, configure
from assessment.web.consultations import views as consultations
from assessment.web.db import init_db
from assessment.web.errors import init_errors
from assessment.web.filters import init_filters
from assessment.web.library import init_library
from assessment.web.limits import init_limits
from assessment.web.strict_http import init_strict_http
from assessment.web.training import facilitator, participant, presenter
from assessment.web.transport import init_transport

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# questionnaire and manage share one blueprint, as do facilitator and participant.
BLUEPRINTS = (
    pages.bp,
    i18n.bp,
    questionnaire.bp,
    reports.bp,
    facilitator.bp,
    consultations.bp,
    api.bp,
    api.health_bp,
)
ROUTES_ON_SHARED_BLUEPRINTS = (manage, upgrade, participant, presenter)


def _add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _instance_path(test_config: dict[str, object] | None) -> str:
    chosen = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("DUE_REGARD_INSTANCE_PATH")
    return str(chosen or ROOT / "instance")


def _load_library(app: Flask) -> None:
    """A broken catalogue, scenario or translation stops every entry point; a command says
    why, plainly."""
    try:
        init_library(app)
    except (CatalogueError, ScenarioLibraryError, TranslationLibraryError) as exc:
        if click.get_current_context(silent=True) is None:
            raise
        if isinstance(exc, TranslationLibraryError):
            what = "the translations are"
        elif isinstance(exc, CatalogueError):
            what = "the catalogue is"
        else:
            what = "the scenario library is"
        raise click.ClickException(f"{what} broken, so the app cannot start:\n{exc}") from exc


def _check_catalogue(app: Flask) -> None:
    try:
        check_catalogue_unchanged(app)
    except CatalogueChanged as exc:
        if click.get_current_context(silent=True) is None:
            raise
        raise click.ClickException(str(exc)) from exc


def create_app(test_config: dict[str, object] | None = None) -> Flask:
    """Build the app; refuse to build it on a broken catalogue or scenario library."""
    app = Flask(
        "due_regard",
        root_path=str(ROOT),
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    init_transport(app)
    _load_library(app)
    init_db(app)
    _check_catalogue(app)
    init_strict_http(app)  # before the limiter, so its hooks see the limiter's headers
    init_limits(app)
    i18n.init_i18n(app)
    # CSRF is checked by each FlaskForm, not globally, so a failed check re-shows the user's
    # entries instead of discarding them (every POST view validates a FlaskForm).
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    init_errors(app)
    init_filters(app)
    cli.init_app(app)
    app.after_request(_add_security_headers)
    return app
