"""The application factory: configuration, database, catalogue, blueprints, CLI, headers."""

import os

import click
from flask import Flask, Response

from assessment.web.catalogue_store import init_catalogue
from assessment.web.config import ROOT, configure
from assessment.web.db import init_db
from assessment.web.limits import init_limits

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


def _add_security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _instance_path(test_config: dict[str, object] | None) -> str:
    chosen = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("DUE_REGARD_INSTANCE_PATH")
    return str(chosen or ROOT / "instance")


def create_app(test_config: dict[str, object] | None = None) -> Flask:
    """Build the app. Under the ``flask`` command a broken catalogue is reported, not raised."""
    app = Flask(
        "due_regard",
        root_path=str(ROOT),
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    init_db(app)
    init_limits(app)
    # CSRF is checked by each FlaskForm, not globally, so a failed check re-shows the user's
    # entries instead of discarding them (every POST view validates a FlaskForm).
    init_catalogue(app, defer_errors=click.get_current_context(silent=True) is not None)
    _register(app)
    app.after_request(_add_security_headers)
    return app


def _register(app: Flask) -> None:
    from assessment.web import cli, views

    cli.init_app(app)
    views.init_app(app)
