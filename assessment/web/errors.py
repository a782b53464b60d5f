"""Error pages: HTML for pages (in the page's language), JSON problems under /api/ (English);
a busy database is a 503."""

from functools import partial

from flask import Flask, Response, current_app, make_response, render_template, request
from flask.globals import request_ctx
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DBAPIError, InternalError, OperationalError

from assessment.web.db import db, describe_database_error
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
    if request_ctx.url_adapter is None:  # an untrusted Host header: no link can be built
        return Response(f"{title}: {message}\n", code, mimetype="text/plain")
    if request.path.startswith("/api/"):  # machine-read: one language, whatever the client
        with force_locale("en"):
            return problem_response(code, f"{title}: {message}")
    page = render_template("error.html", code=code, title=title, message=message)
    return make_response(page, code)


# Hidden form plumbing, never shown back: the rest is what the user typed or chose.
NOT_TYPED = frozenset({"csrf_token", "revision", "autosave", "action", "key", "nonce"})


def _typed() -> list[tuple[str, str]]:
    """What the user sent in this form post, to show back when it could not be saved."""
    if request.method != "POST" or request.mimetype not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return []
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in NOT_TYPED and value.strip()
    ]


# The reasons of db.describe_database_error, as the page says them (logs keep the English).
REASONS = {
    "the database is read-only": _l("the database is read-only"),
    "the disk holding the database is full": _l("the disk holding the database is full"),
    "the database file cannot be opened": _l("the database file cannot be opened"),
    "the database is busy (locked by another writer)": _l(
        "the database is busy (locked by another writer)"
    ),
    "the database server cannot be reached": _l("the database server cannot be reached"),
    "the database refused the operation": _l("the database refused the operation"),
}


def _database_unavailable(exc: DBAPIError) -> Response:
    """The write failed (lock held past the busy timeout, read-only, full disk, lost server):
    roll back, say which, and show back what the user typed so nothing typed is lost."""
    db.session.rollback()
    reason = describe_database_error(exc)
    current_app.logger.warning("database unavailable: %s (%s)", reason, exc.orig)
    busy = "busy" in reason
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        with force_locale("en"):
            response = problem_response(503, f"Not saved: {_unsaved_message(reason, busy)}")
    else:
        title = _("Busy") if busy else _("Cannot save")
        message = _unsaved_message(reason, busy)
        page = render_template("error.html", code=503, title=title, message=message, typed=_typed())
        response = make_response(page, 503)
    response.headers["Retry-After"] = "5" if busy else "60"
    return response


def _unsaved_message(reason: str, busy: bool) -> str:
    said = str(REASONS.get(reason, reason))
    if busy:
        return _(
            "Nothing was saved: %(reason)s. Wait a moment and try again. "
            "Nothing saved earlier is lost.",
            reason=said,
        )
    return _(
        "Nothing was saved: %(reason)s. The site’s administrator must fix it. "
        "Nothing saved earlier is lost.",
        reason=said,
    )


def init_errors(app: Flask) -> None:
    for code, (title, message) in ERRORS.items():
        app.register_error_handler(code, partial(_error, code, title, message))
    # OperationalError: locks, files, connections; InternalError: e.g. a read-only PostgreSQL.
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InternalError, _database_unavailable)
