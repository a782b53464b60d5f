"""PDF downloads: an assessment's report and brief, a comparison, the blank questionnaire.

Each PDF is named by a hash of its content: that hash is the ETag, so a browser that already
holds the file gets 304 without any work, and an unchanged assessment is rendered only once.
"""

from flask import Blueprint, Response, abort, request
from flask.blueprints import BlueprintSetupState

from assessment.web.assessments import store
from assessment.web.assessments.access import by_edit_token, by_share_token
from assessment.web.assessments.models import Assessment
from assessment.web.assessments.prerender import cover
from assessment.web.library import get_catalogue
from assessment.web.limits import expensive_limit, limiter
from assessment.web.pdf import documents as pdf
from assessment.web.pdf.download import send_pdf
from assessment.web.pdf.engine import support_problems
from assessment.web.pdf.language import download_language

bp = Blueprint("reports", __name__)


@bp.record_once
def _check_pdf_support(state: BlueprintSetupState) -> None:
    """Say at start-up, not at the first download, when PDFs will be slow or wrong."""
    for problem in support_problems():
        state.app.logger.warning("PDF reports: %s", problem)


MAX_COMPARED = 4  # as on the comparison page
MAX_TOKEN_PARAMS = 20


def _paper() -> str:
    paper = request.args.get("paper", "a4").lower()
    if paper not in pdf.PAPERS:
        abort(400, description=f"paper must be one of: {', '.join(pdf.PAPERS)}")
    return paper


def _assessment_pdf(row: Assessment, brief: bool = False) -> Response:
    catalogue = store.catalogue_of(row)
    paper = _paper()
    language = download_language()
    make = pdf.brief_job if brief else pdf.report_job
    doc = store.document_for(catalogue, row)
    return send_pdf(make(catalogue, doc, cover(row, paper), language))


@bp.get("/a/<edit_token>/report.pdf")
@limiter.limit(expensive_limit)
def edit_pdf(edit_token: str) -> Response:
    return _assessment_pdf(by_edit_token(edit_token))


@bp.get("/s/<share_token>/report.pdf")
@limiter.limit(expensive_limit)
def shared_pdf(share_token: str) -> Response:
    return _assessment_pdf(by_share_token(share_token))


@bp.get("/a/<edit_token>/brief.pdf")
@limiter.limit(expensive_limit)
def edit_brief(edit_token: str) -> Response:
    """The two-page brief: what a head of delegation reads first."""
    return _assessment_pdf(by_edit_token(edit_token), brief=True)


@bp.get("/s/<share_token>/brief.pdf")
@limiter.limit(expensive_limit)
def shared_brief(share_token: str) -> Response:
    return _assessment_pdf(by_share_token(share_token), brief=True)


@bp.get("/compare/report.pdf")
@limiter.limit(expensive_limit)
def compare_pdf() -> Response:
    given = request.args.getlist("t")
    tokens = list(dict.fromkeys(given))
    if len(given) > MAX_TOKEN_PARAMS or not 2 <= len(tokens) <= MAX_COMPARED:
        abort(400, description=f"compare between 2 and {MAX_COMPARED} assessments")
    catalogue = get_catalogue()
    paper = _paper()
    language = download_language()
    rows = [by_share_token(t) for t in tokens]  # share links only: a PDF link grants no edit
    entries = [(store.document_for(catalogue, r), cover(r, paper)) for r in rows]
    return send_pdf(pdf.comparison_job(catalogue, entries, paper, language))


@bp.get("/blank.pdf")
@bp.get("/blank/<kind>.pdf")
@limiter.limit(expensive_limit)
def blank_pdf(kind: str | None = None) -> Response:
    """The blank questionnaire for one kind, for ?kinds=a&kinds=b, or for every kind."""
    catalogue = get_catalogue()
    kinds = [kind] if kind is not None else request.args.getlist("kinds")
    known = {k.id for k in catalogue.activity_kinds}
    if len(kinds) > len(known) or any(k not in known for k in kinds):
        abort(404)
    return send_pdf(pdf.blank_job(catalogue, kinds, _paper(), download_language()))
