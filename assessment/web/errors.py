"""Error pages: HTML for pages (in the page's language), JSON problems under /api/ (English);
a busy database is a 503."""

from functools import partial

from flask import Flask, Response, current_app, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError

from assessment.web.db import db
from assessment.web.http import problem_response

ERRORS = {
    400: (_l("Bad request"), _l("The request could not be understood. Nothing was saved.")),
    404: (
        _l("Not found"),
        _l("There is nothing at this address. Check the link you were given."),
    ),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    413: (
        _l("Too large"),
        _l("What you sent is larger than this service accepts. Nothing was saved."),
    ),
    429: (_l("Too many requests"), _l("Please wait a minute and try again. Nothing was lost.")),
    500: (
        _l("Something went wrong"),
        _l("The error was logged. Nothing you had saved is lost."),
    ),
    503: (_l("Busy"), _l("The database is busy. Wait a moment and try again; nothing was lost.")),
}


def _error(code: int, title: object, message: object, _exc: Exception) -> Response:
    if request.path.startswith("/api/"):  # machine-read: one language, whatever the client
        with force_locale("en"):
            return problem_response(code, f"{title}: {message}")
    page = render_template("error.html", code=code, title=title, message=message)
    return make_response(page, code)


def _database_busy(exc: OperationalError) -> Response:
    """A lock held past the busy timeout, or a lost connection: roll back and say so plainly."""
    db.session.rollback()
    current_app.logger.warning("database unavailable: %s", exc.orig)
    response = _error(503, *ERRORS[503], exc)
    response.headers["Retry-After"] = "5"
    return response


def init_errors(app: Flask) -> None:
    for code, (title, message) in ERRORS.items():
        app.register_error_handler(code, partial(_error, code, title, message))
    app.register_error_handler(OperationalError, _database_busy)
