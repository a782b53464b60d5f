"""Home, method and error pages."""

from functools import partial
from pathlib import Path

import markdown
from flask import Blueprint, Flask, Response, render_template, request
from markupsafe import Markup

from assessment.web import store
from assessment.web.api import problem_response
from assessment.web.catalogue_store import get_catalogue
from assessment.web.config import ROOT
from assessment.web.forms import ImportForm

bp = Blueprint("pages", __name__)
METHOD_PATH = ROOT / "docs" / "method.md"


@bp.route("/")
def home() -> str:
    catalogue = get_catalogue()
    mine = store.listed(catalogue, store.remembered())
    return render_template("home.html", mine=mine, catalogue=catalogue, import_form=ImportForm())


def method_text() -> str:
    return Path(METHOD_PATH).read_text(encoding="utf-8")


def method_html() -> Markup:
    """docs/method.md as HTML: our own reviewed file, never user input, so it may be Markup."""
    return Markup(markdown.markdown(method_text(), output_format="html"))


@bp.route("/method")
def method() -> str:
    return render_template("method.html", method=method_html(), catalogue=get_catalogue())


def _error(code: int, title: str, message: str, _exc: Exception) -> tuple[str, int] | Response:
    if request.path.startswith("/api/"):
        return problem_response(code, f"{title}: {message}")
    return render_template("error.html", code=code, title=title, message=message), code


ERRORS = {
    400: ("Bad request", "The request could not be understood. Nothing was saved."),
    404: ("Not found", "There is nothing at this address. Check the link you were given."),
    405: ("Not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this service accepts. Nothing was saved."),
    429: ("Too many requests", "Please wait a minute and try again. Nothing was lost."),
    500: ("Something went wrong", "The error was logged. Nothing you had saved is lost."),
}


def init_errors(app: Flask) -> None:
    for code, (title, message) in ERRORS.items():
        app.register_error_handler(code, partial(_error, code, title, message))
