"""JSON API under /api/v1: catalogue, stateless scoring, stored assessments by token, health."""

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, request

from assessment.errors import ExchangeError
from assessment.exchange import read_document
from assessment.results import build_result
from assessment.web.api import consultations as consultation_api
from assessment.web.api.openapi import openapi_document
from assessment.web.assessments import store
from assessment.web.assessments.access import by_any_token
from assessment.web.db import plausible_token
from assessment.web.health_check import database_writable
from assessment.web.http import problem_response
from assessment.web.i18n import languages
from assessment.web.library import catalogue_for_document, get_catalogue
from assessment.web.limits import expensive_limit, limiter
from assessment.web.pdf.documents import PAPERS, CoverDetails, brief_job
from assessment.web.pdf.download import send_pdf
from assessment.web.pdf.language import (
    SIX,
    ReportLanguage,
    UnknownLanguage,
    requested_language,
)
from assessment.web.training import export as training_export
from assessment.web.training import service

bp = Blueprint("api", __name__, url_prefix="/api/v1")
health_bp = Blueprint("health", __name__)


@bp.before_request
def _known_language() -> Response | None:
    """Every answer's texts are English unless ``?lang=`` names one of the six, whatever the
    client's Accept-Language or cookie (i18n.select_locale); an unknown code is a 400."""
    code = request.args.get("lang")
    if code and code not in {lang.code for lang in languages()}:
        return _bad_language()
    return None


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(get_catalogue()))


@bp.get("/catalogue")
def catalogue() -> Response:
    return jsonify(get_catalogue().model_dump(mode="json", by_alias=True))


@bp.post("/score")
@limiter.limit(expensive_limit)
def score() -> Response:
    """Score an exchange document without storing anything."""
    if not request.is_json:
        return problem_response(415, "send the exchange document as application/json")
    cat = catalogue_for_document(request.get_data())
    try:
        doc = read_document(cat, request.get_data(), "request body")
    except ExchangeError as exc:
        return problem_response(400, "the document is not a valid assessment", exc.problems)
    return jsonify(build_result(cat, doc.activity, doc.answers).to_json())


@bp.post("/consultations")
@limiter.limit(expensive_limit)
def consultations() -> Response | tuple[Response, int]:
    """Two readings of one activity: perception gaps and the consultation agenda."""
    return consultation_api.consult(get_catalogue())


@bp.get("/assessments/<token>")
def assessment(token: str) -> Response:
    """A stored assessment (by edit or share link token): its document and its result."""
    row = by_any_token(token)
    cat = store.catalogue_of(row)
    doc = store.document_for(cat, row)
    result = build_result(cat, doc.activity, doc.answers)
    body: dict[str, Any] = {
        "title": row.title,
        "updated_at": row.updated_at.isoformat(timespec="seconds"),
        "document": doc.model_dump(mode="json"),
        "result": result.to_json(),
    }
    return jsonify(body)


@bp.get("/assessments/<token>/export")
def export(token: str) -> Response:
    """The exchange document alone, as a file would hold it."""
    row = by_any_token(token)
    doc = store.document_for(store.catalogue_of(row), row)
    return jsonify(doc.model_dump(mode="json"))


def _language() -> ReportLanguage | None:
    """The PDF's language: ``?lang=``, else English (the API does not follow Accept-Language)."""
    try:
        return requested_language("en")
    except UnknownLanguage:
        return None


def _bad_language() -> Response:
    return problem_response(400, f"lang must be one of: {', '.join(SIX)}")


def _paper() -> str | None:
    paper = request.args.get("paper", "a4").lower()
    return paper if paper in PAPERS else None


@bp.post("/brief")
@limiter.limit(expensive_limit)
def brief() -> Response:
    """The two-page brief PDF of an exchange document, dated today; nothing is stored."""
    cat = get_catalogue()
    paper = _paper()
    if paper is None:
        return problem_response(400, f"paper must be one of: {', '.join(PAPERS)}")
    language = _language()
    if language is None:
        return _bad_language()
    if not request.is_json:
        return problem_response(415, "send the exchange document as application/json")
    try:
        doc = read_document(cat, request.get_data(), "request body")
    except ExchangeError as exc:
        return problem_response(400, "the document is not a valid assessment", exc.problems)
    return send_pdf(brief_job(cat, doc, CoverDetails(dated=date.today(), paper=paper), language))


@bp.get("/assessments/<token>/brief.pdf")
@limiter.limit(expensive_limit)
def assessment_brief(token: str) -> Response:
    """A stored assessment's two-page brief PDF, with its report options (marking, author)."""
    paper = _paper()
    if paper is None:
        return problem_response(400, f"paper must be one of: {', '.join(PAPERS)}")
    language = _language()
    if language is None:
        return _bad_language()
    row = by_any_token(token)
    cat = store.catalogue_of(row)
    cover = CoverDetails(
        dated=row.updated_at.date(),
        prepared_by=row.prepared_by or "",
        marking=row.marking or "",
        paper=paper,
    )
    return send_pdf(brief_job(cat, store.document_for(cat, row), cover, language))


@bp.get("/training/<token>/aggregate")
def training_aggregate(token: str) -> Response:
    """A training session's aggregate, for its facilitator only (facilitator link token)."""
    row = service.by_facilitator_token(token) if plausible_token(token) else None
    if row is None:
        return problem_response(404, "no training session has this facilitator token")
    return jsonify(training_export.export_data(get_catalogue(), row))


@health_bp.get("/healthz")
def health() -> tuple[Response, int]:
    """For load balancers: the catalogue is loaded and the database takes a (rolled-back) write."""
    database = database_writable()
    cat = get_catalogue()
    status = 200 if database == "ok" else 503
    body = {
        "status": "ok" if status == 200 else "degraded",
        "database": database,
        "catalogue": f"{cat.id} {cat.version}",
    }
    return jsonify(body), status
