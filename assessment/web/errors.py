"""Error pages: HTML for pages, JSON problems under /api/; a busy database is a 503."""

from functools import partial

from flask import Flask, Response, current_app, make_response, render_template, request
from flask.globals import request_ctx
from sqlalchemy.exc import OperationalError

from assessment.web.db import db
from assessment.web.http import problem_response

ERRORS = {
    400: ("Bad request", "The request could not be understood. Nothing was saved."),
    404: ("Not found", "There is nothing at this address. Check the link you were given."),
    405: ("Not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this service accepts. Nothing was saved."),
    429: ("Too many requests", "Please wait a minute and try again. Nothing was lost."),
    500: ("Something went wrong", "The error was logged. Nothing you had saved is lost."),
    503: ("Busy", "The database is busy. Wait a moment and try again; nothing was lost."),
}


def _error(code: int, title: str, message: str, _exc: Exception) -> Response:
    if request_ctx.url_adapter is None:  # an untrusted Host header: no link can be built
        return Response(f"{title}: {message}\n", code, mimetype="text/plain")
    if request.path.startswith("/api/"):
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
