"""Facilitator pages, reached only by the facilitator token (anything else is a 404)."""

import json
from typing import Any

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from assessment.web.assessments.access import by_edit_token
from assessment.web.http import uncached_page
from assessment.web.i18n import current_language
from assessment.web.library import get_catalogue, get_scenarios
from assessment.web.limits import expensive_limit, limiter
from assessment.web.pdf.download import send_pdf
from assessment.web.pdf.language import download_language
from assessment.web.training import export, group, service
from assessment.web.training.blueprint import bp
from assessment.web.training.forms import (
    ConfirmForm,
    CreateFromAssessmentForm,
    CreateFromScenarioForm,
    JoinForm,
    NotesForm,
    RevealForm,
    new_join_nonce,
    option_labels,
)
from assessment.web.training.models import TrainingSession
from assessment.web.training.qr import qr_svg
from assessment.web.training.report import group_report_job
from assessment.web.training.texts import session_texts
from assessment.web.transport import external_url


def _facilitated(token: str) -> TrainingSession:
    row = service.by_facilitator_token(token)
    if row is None:
        abort(404)
    return row


@bp.route("/")
def index() -> Response:
    return uncached_page(
        render_template(
            "training/index.html",
            scenarios=get_scenarios(),
            catalogue=get_catalogue(),
            form=CreateFromScenarioForm(),
            assessment_form=CreateFromAssessmentForm(),
            join_form=JoinForm(data={"nonce": new_join_nonce()}),
        )
    )


@bp.post("/sessions")
def create() -> BaseResponse:
    form = CreateFromScenarioForm()
    scenario = get_scenarios().get(form.scenario_id.data or "")
    if not form.validate_on_submit() or scenario is None:
        abort(400)
    row = service.create_from_scenario(get_catalogue(), scenario)
    flash(
        _("Session created. Keep this page’s address private: it is your facilitator link."),
        "success",
    )
    return redirect(url_for(".dashboard", token=row.facilitator_token))


def _edit_token_from(link: str) -> str:
    """Accept a whole edit link (…/a/<token>/…) or the bare token."""
    parts = [p for p in link.strip().split("?")[0].split("/") if p]
    if "a" in parts and parts.index("a") + 1 < len(parts):
        return parts[parts.index("a") + 1]
    return parts[-1] if parts else ""


@bp.post("/sessions/from-assessment")
def create_from_assessment() -> BaseResponse | tuple[str, int]:
    form = CreateFromAssessmentForm()
    if not form.validate_on_submit():
        abort(400)
    source = by_edit_token(_edit_token_from(form.link.data or ""))
    row = service.create_from_assessment(get_catalogue(), source)
    flash(_("Session created from the assessment; its answers are the reference."), "success")
    return redirect(url_for(".dashboard", token=row.facilitator_token))


def _join_url(row: TrainingSession) -> str:
    return external_url("training.join", code=row.join_code)


def _presenter_url(row: TrainingSession) -> str:
    """The presenter view in the facilitator's language, whatever the projector's browser says."""
    lang = current_language().code
    return url_for(".presenter_start", token=row.presenter_token, lang=lang, _external=True)


def _dashboard_context(row: TrainingSession) -> dict[str, Any]:
    catalogue = get_catalogue()
    return {
        "row": row,
        "catalogue": catalogue,
        "counts": group.counts(row),
        "summary": group.group_summary(catalogue, row),
        "labels": option_labels(catalogue),
        "expired": service.is_expired(row),
        "confirm": ConfirmForm(),
        "texts": session_texts(row),
    }


@bp.route("/f/<token>")
def dashboard(token: str) -> str:
    row = _facilitated(token)
    return render_template(
        "training/dashboard.html",
        qr=qr_svg(_join_url(row)),
        join_url=_join_url(row),
        presenter_qr=qr_svg(_presenter_url(row)),
        presenter_url=_presenter_url(row),
        notes_form=NotesForm(data={"notes": row.debrief_notes}),
        **_dashboard_context(row),
    )


@bp.route("/f/<token>/debrief")
def debrief(token: str) -> BaseResponse:
    """The old projector mode: the presenter view replaces it (its link controls nothing)."""
    row = _facilitated(token)
    return redirect(url_for(".presenter_start", token=row.presenter_token))


@bp.route("/f/<token>/live.json")
def live(token: str) -> Response:
    row = _facilitated(token)
    context = _dashboard_context(row)
    html = render_template("training/_aggregates.html", **context)
    response = jsonify(
        joined=context["counts"].joined,
        submitted=context["summary"].submitted,
        complete=context["summary"].complete,
        closed=row.closed,
        html=html,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/f/<token>/reveal")
def reveal(token: str) -> BaseResponse:
    """Show or hide reference answers on the presenter view: one question, or all."""
    row = _facilitated(token)
    form = RevealForm()
    question = form.question.data or None
    if not form.validate_on_submit() or (question and question not in (row.reference or {})):
        abort(400)
    shown = form.reveal.data == "1"
    service.set_reveal(row, question, shown)
    flash(_REVEALED[(bool(question), shown)], "success")
    anchor = f"detail-{question}" if question else None
    return redirect(url_for(".dashboard", token=token, _anchor=anchor))


_REVEALED = {  # (one question?, shown?): the message after a reveal or hide
    (True, True): _l("The reference answer: shown on the presenter view."),
    (True, False): _l("The reference answer: hidden on the presenter view."),
    (False, True): _l("All reference answers: shown on the presenter view."),
    (False, False): _l("All reference answers: hidden on the presenter view."),
}


def _set_closed(token: str, closed: bool, message: str) -> BaseResponse:
    row = _facilitated(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    service.set_closed(row, closed)
    flash(message, "success")
    return redirect(url_for(".dashboard", token=token))


@bp.post("/f/<token>/close")
def close(token: str) -> BaseResponse:
    return _set_closed(token, True, _("Session closed: later submissions are refused."))


@bp.post("/f/<token>/device-rule")
def device_rule(token: str) -> BaseResponse:
    """One seat per device (the default), or several, for rooms that share devices."""
    row = _facilitated(token)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    one = request.form.get("one_per_device") == "1"
    service.set_one_per_device(row, one)
    flash(
        _("One seat per device: a device that joins again gets its own seat back.")
        if one
        else _("Several seats per device allowed: repeat seats are flagged on this page."),
        "success",
    )
    return redirect(url_for(".dashboard", token=token))


@bp.post("/f/<token>/reopen")
def reopen(token: str) -> BaseResponse:
    return _set_closed(token, False, _("Session reopened: participants may submit again."))


@bp.post("/f/<token>/notes")
def notes(token: str) -> BaseResponse:
    row = _facilitated(token)
    form = NotesForm()
    if not form.validate_on_submit():
        abort(400)
    service.set_notes(row, form.notes.data or "")
    flash(_("Debrief notes saved."), "success")
    return redirect(url_for(".dashboard", token=token))


@bp.route("/f/<token>/export.json")
def export_json(token: str) -> Response:
    row = _facilitated(token)
    response = Response(
        json.dumps(export.export_data(get_catalogue(), row), indent=2), mimetype="application/json"
    )
    response.headers["Content-Disposition"] = "attachment; filename=training-results.json"
    return response


@bp.route("/f/<token>/export.csv")
def export_csv(token: str) -> Response:
    row = _facilitated(token)
    response = Response(export.responses_csv(get_catalogue(), row), mimetype="text/csv")
    response.headers["Content-Disposition"] = "attachment; filename=training-responses.csv"
    return response


@bp.get("/f/<token>/report.pdf")
@limiter.limit(expensive_limit)
def report_pdf(token: str) -> Response:
    """The group report PDF: the scenario and the room's aggregates, never an identifier."""
    return send_pdf(group_report_job(get_catalogue(), _facilitated(token), download_language()))
