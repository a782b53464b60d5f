"""Site pages: home (this browser's assessments), the method, band colours."""

from flask import Blueprint, Response, make_response, render_template, request

from assessment.web.assessments import store
from assessment.web.assessments.forms import ImportForm
from assessment.web.library import get_catalogue
from assessment.web.method import method_html

bp = Blueprint("pages", __name__)


@bp.route("/")
def home() -> str:
    catalogue = get_catalogue()
    search = request.args.get("q", "")[:200]
    mine = store.listed(catalogue, store.remembered(search))
    return render_template(
        "home.html", mine=mine, search=search, catalogue=catalogue, import_form=ImportForm()
    )


@bp.route("/bands.css")
def bands_css() -> Response:
    """Band colours from the catalogue, as CSS classes: the CSP forbids inline style attributes."""
    catalogue = get_catalogue()
    rules = "".join(f".band-{b.id} {{ --band: {b.colour}; }}\n" for b in catalogue.bands)
    response = make_response(rules)
    response.mimetype = "text/css"
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/method")
def method() -> str:
    return render_template("method.html", method=method_html(), catalogue=get_catalogue())
