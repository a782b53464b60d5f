"""Consultation pages, under the edit link of the assessment that holds the pairings."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from assessment.path import Path, answers_of, path_to_next_band
from assessment.perception import GAP_LABELS
from assessment.report import Report
from assessment.web.assessments import imports
from assessment.web.assessments.access import by_edit_token
from assessment.web.consultations import service
from assessment.web.consultations.brief import brief_job
from assessment.web.consultations.forms import LinkForm, UnpairForm, UploadForm
from assessment.web.library import get_catalogue
from assessment.web.limits import expensive_limit, limiter
from assessment.web.pdf.download import send_pdf
from assessment.web.pdf.language import download_language

bp = Blueprint("consultations", __name__)


@bp.app_template_global("next_band_path")
def next_band_path(report: Report) -> Path:
    """The path to the next band, for the result page and the report (``_report/path.html``)."""
    return path_to_next_band(report.catalogue, report.activity, answers_of(report.result))


def _index(token: str, status: int = 200) -> tuple[str, int]:
    row = by_edit_token(token)
    return render_template(
        "consultations/index.html",
        row=row,
        pairings=service.pairings(row),
        link_form=LinkForm(formdata=None),
        upload_form=UploadForm(formdata=None),
        unpair_form=UnpairForm(formdata=None),
        max_pairings=service.MAX_PAIRINGS,
    ), status


@bp.get("/a/<token>/consultations")
def index(token: str) -> tuple[str, int]:
    return _index(token)


def _failed(token: str, message: str) -> tuple[str, int]:
    flash(_("Not paired: %(reason)s.", reason=message), "error")
    return _index(token, 400)


@bp.post("/a/<token>/consultations/link")
def pair_link(token: str) -> BaseResponse | tuple[str, int]:
    row = by_edit_token(token)
    form = LinkForm()
    if not form.validate_on_submit():
        return _failed(token, "; ".join(e for es in form.errors.values() for e in es))
    try:
        pairing = service.pair_with_share_token(row, service.share_token_in(form.link.data or ""))
    except service.PairingError as exc:
        return _failed(token, str(exc))
    return redirect(url_for(".consultation", token=token, pairing_id=pairing.id))


@bp.post("/a/<token>/consultations/import")
@limiter.limit(expensive_limit)
def pair_import(token: str) -> BaseResponse | tuple[str, int]:
    row = by_edit_token(token)
    form = UploadForm()
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None:
        return _failed(token, "; ".join(e for es in form.errors.values() for e in es))
    name = (upload.filename or "upload")[:200]
    outcome = imports.read_upload(get_catalogue(), name, upload.read())
    if outcome.document is None:
        return render_template("consultations/import_errors.html", row=row, outcome=outcome), 400
    try:
        pairing = service.pair_with_document(row, name, outcome.document)
    except service.PairingError as exc:
        return _failed(token, str(exc))
    return redirect(url_for(".consultation", token=token, pairing_id=pairing.id))


@bp.get("/a/<token>/consultations/<int:pairing_id>")
def consultation(token: str, pairing_id: int) -> str | tuple[str, int]:
    row = by_edit_token(token)
    pairing = service.pairing_of(row, pairing_id)
    outcome = service.brief_for(get_catalogue(), row, pairing)
    if outcome.brief is None:
        return render_template(
            "consultations/unreadable.html", row=row, pairing=pairing, problems=outcome.problems
        ), 409
    return render_template(
        "consultations/consultation.html",
        row=row,
        pairing=pairing,
        brief=outcome.brief,
        gap_labels=GAP_LABELS,
        unpair_form=UnpairForm(formdata=None),
    )


@bp.get("/a/<token>/consultations/<int:pairing_id>/brief.pdf")
@limiter.limit(expensive_limit)
def brief_pdf(token: str, pairing_id: int) -> Response | tuple[str, int]:
    row = by_edit_token(token)
    pairing = service.pairing_of(row, pairing_id)
    language = download_language()
    outcome = service.brief_for(get_catalogue(language=language.code), row, pairing)
    if outcome.brief is None:
        return render_template(
            "consultations/unreadable.html", row=row, pairing=pairing, problems=outcome.problems
        ), 409
    dated = max(row.updated_at.date(), pairing.created_at.date())
    return send_pdf(brief_job(outcome.brief, dated, language))


@bp.post("/a/<token>/consultations/<int:pairing_id>/unpair")
def unpair(token: str, pairing_id: int) -> BaseResponse:
    row = by_edit_token(token)
    pairing = service.pairing_of(row, pairing_id)
    if UnpairForm().validate_on_submit():
        service.unpair(pairing)
        flash(_("Unpaired. The other reading itself is untouched."), "success")
    else:
        flash(_("Not unpaired: the form expired; try again."), "error")
    return redirect(url_for(".index", token=token))
